"""Issue 10, defect 11: search keys now fold آ/أ/إ to ا and the hamza carriers; recompute the stored keys
of organisations (their names are unchanged)."""

from django.db import migrations

from hamafza.lib.persian import search_key


def refold(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    for organization in Organization.objects.iterator():
        organization.search_text = search_key(f"{organization.name} {organization.short_name}")
        organization.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_organization_parent")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
