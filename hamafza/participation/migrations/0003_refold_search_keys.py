"""Issue 10, defect 11: search keys now fold آ/أ/إ to ا and the hamza carriers; recompute the stored keys
of needs and donors (what they say is unchanged)."""

from django.db import migrations

from hamafza.lib.persian import search_key


def refold(apps, schema_editor):
    Need = apps.get_model("participation", "Need")
    Donor = apps.get_model("participation", "Donor")
    for need in Need.objects.iterator():
        need.search_text = search_key(f"{need.title} {need.description}")
        need.save(update_fields=["search_text"])
    for donor in Donor.objects.iterator():
        donor.search_text = search_key(f"{donor.name} {donor.mobile} {donor.national_id} {donor.legal_id}")
        donor.search_name = search_key(donor.name)
        donor.save(update_fields=["search_text", "search_name"])


class Migration(migrations.Migration):
    dependencies = [("participation", "0002_text_limits")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
