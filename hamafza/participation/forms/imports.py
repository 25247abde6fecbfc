"""Forms of the Excel imports of NGO and donor lists: the file, and for donors the body they join."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.meetings.models import Body


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )


class DonorImportForm(ImportForm):
    body = forms.ModelChoiceField(label=_("Register the donors with"), queryset=Body.objects.none())

    field_order = ["body", "file"]

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        if len(bodies) == 1:
            self.fields["body"].initial = bodies[0].pk
