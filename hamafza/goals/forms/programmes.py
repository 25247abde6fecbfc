"""The programme's own form: its year, title, description and area."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import LimitedTextField, PersianIntegerField
from hamafza.places.models import Region

WHOLE_COUNTRY = "country"


class AreaField(forms.ChoiceField):
    """The organisation's region, a region above it, or the whole country."""

    def __init__(self, *args, organization, **kwargs):
        region = organization.region
        chain = [*region.ancestors(), region] if region is not None else []
        choices = [(str(r.pk), f"{r.name} ({r.get_kind_display()})") for r in reversed(chain)]
        choices.append((WHOLE_COUNTRY, _("The whole country")))
        self.regions = {str(r.pk): r for r in chain}
        super().__init__(*args, choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return None if value == WHOLE_COUNTRY else self.regions[value]


class ProgrammeForm(forms.Form):
    year = PersianIntegerField(label=_("Jalali year"), min_value=1390, max_value=1499)
    title = forms.CharField(label=_("Title"), max_length=250)
    description = LimitedTextField(
        max_length=limits.NOTE,
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organization, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = AreaField(
            label=_("Area of the computed measures"),
            organization=organization,
            help_text=_("Atlas and counselling figures are counted over this area."),
        )
        if editing:
            del self.fields["year"]

    @staticmethod
    def area_initial(region: Region | None) -> str:
        return str(region.pk) if region is not None else WHOLE_COUNTRY
