from django import forms
from django.utils.translation import pgettext_lazy

from hamafza.lib.forms import JalaliDateField


class FollowupReportForm(forms.Form):
    """The period (Jalali dates) and the file format of a body's follow-up report."""

    start = JalaliDateField(label=pgettext_lazy("follow-up report", "From"))
    end = JalaliDateField(label=pgettext_lazy("follow-up report", "To"))
    format = forms.ChoiceField(
        label=pgettext_lazy("follow-up report", "Format"),
        choices=[
            ("pdf", pgettext_lazy("follow-up report", "PDF")),
            ("xlsx", pgettext_lazy("follow-up report", "Excel workbook")),
        ],
        initial="pdf",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(
                pgettext_lazy("follow-up report", "The period must start before it ends.")
            )
        return cleaned
