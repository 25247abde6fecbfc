"""The quarterly report of a hand-reported measure, and a reviewer's decision on a report or a review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import LimitedTextField, MultipleFileField, PersianNumberField

QUARTERS = [
    (1, _("First quarter (Farvardin–Khordad)")),
    (2, _("Second quarter (Tir–Shahrivar)")),
    (3, _("Third quarter (Mehr–Azar)")),
    (4, _("Fourth quarter (Dey–Esfand)")),
]


class QuarterReportForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=QUARTERS)
    value = PersianNumberField(label=_("Value reached"))
    narrative = LimitedTextField(
        max_length=limits.LONG_TEXT,
        label=_("What was done in the quarter"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    files = MultipleFileField(
        label=_("Evidence"), required=False, help_text=_("PDF, images (PNG, JPEG), Word or Excel files.")
    )

    def __init__(self, *args, quarters: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [(q, label) for q, label in QUARTERS if q in quarters]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    comment = LimitedTextField(
        max_length=limits.NOTE, label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
