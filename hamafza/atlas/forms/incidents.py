"""The form of an upload of incidents: one CSV or Excel file (its content is checked by the import)."""

from django import forms
from django.utils.translation import gettext_lazy


class IncidentFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File of incidents (CSV or Excel)"))
