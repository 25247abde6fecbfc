"""What the participation forms share: left-to-right inputs, the regions to choose from, and a field
of several files."""

from django import forms

from hamafza.places.models import Region

LTR = {"dir": "ltr", "autocomplete": "off"}


def regions():
    """Regions for a choice: every kind, without their boundaries."""
    return Region.objects.without_boundaries().order_by("kind", "name")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; the view reads them all and the service checks their type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]
