"""The default kinds of dispute (administrators edit the list afterwards)."""

from django.db import migrations

KINDS = [
    ("family", "خانوادگی"),
    ("spouses", "زوجین"),
    ("neighbours", "همسایگان"),
    ("landlord_tenant", "موجر و مستأجر"),
    ("financial", "مالی"),
    ("workplace", "محیط کار"),
    ("minor_assault", "نزاع و ضرب و جرح جزئی"),
    ("cyberspace", "فضای مجازی"),
    ("other", "سایر"),
]


def add(apps, schema_editor):
    DisputeKind = apps.get_model("counseling", "DisputeKind")
    for order, (code, name) in enumerate(KINDS, start=1):
        DisputeKind.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("counseling", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
