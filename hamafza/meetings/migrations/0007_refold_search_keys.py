"""Issue 10, defect 11: search keys now fold آ/أ/إ to ا, ؤ to و, ئ to ی and the hamza marks; recompute the
stored keys of meetings and resolutions, and the fingerprints of imported minutes (the stored text is
unchanged)."""

import hashlib

from django.db import migrations

from hamafza.lib.persian import search_key


def refold(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Resolution = apps.get_model("meetings", "Resolution")
    MinutesImport = apps.get_model("meetings", "MinutesImport")
    for meeting in Meeting.objects.iterator():
        meeting.search_text = search_key(
            " ".join([str(meeting.number), meeting.place, meeting.chair, meeting.attendees, meeting.agenda])
        )
        meeting.save(update_fields=["search_text"])
    for resolution in Resolution.objects.prefetch_related("topics"):
        topics = [topic.name for topic in resolution.topics.all()]
        resolution.search_text = search_key(" ".join([resolution.number, resolution.text, *topics]))
        resolution.save(update_fields=["search_text"])
    for draft in MinutesImport.objects.iterator():
        draft.source_sha256 = hashlib.sha256(search_key(draft.source_text).encode()).hexdigest()
        draft.save(update_fields=["source_sha256"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_text_limits")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
