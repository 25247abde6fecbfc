"""Forms of the pledge pages: a new pledge, and one small form per action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import LimitedTextField, PersianDecimalField, PersianIntegerField
from hamafza.participation.models import Donor, Need, NeedCategory, Pledge
from hamafza.places.models import Region


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files under one name; the service checks their type and size."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.doc,.xls"})

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(EvidenceField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, need):
        return f"{need.title} — {need.region.name}"


class PledgeForm(forms.Form):
    """A new pledge: the secretariat chooses the donor among its body's; a donor's user among its own."""

    donor = forms.ModelChoiceField(label=_("Donor"), queryset=Donor.objects.none())
    need = NeedChoiceField(
        label=_("Need"),
        queryset=Need.objects.none(),
        required=False,
        help_text=_("Leave empty for a pledge for a category and region, to be linked to a need later."),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Any category")), *NeedCategory.choices], required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.without_boundaries().filter(
            kind__in=["province", "county", "city", "district", "neighbourhood"]
        ),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind of help"), choices=Pledge.Kind.choices)
    value = PersianIntegerField(label=_("Value (rials)"), min_value=1)
    quantity = PersianDecimalField(
        label=_("Quantity"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    hours = PersianIntegerField(label=_("Hours (for time)"), required=False, min_value=1)
    description = LimitedTextField(
        max_length=limits.NOTE,
        label=_("What is given"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, donors, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donor"].queryset = donors
        self.fields["need"].queryset = needs.select_related("region")

    def clean(self):
        data = super().clean()
        donor, need = data.get("donor"), data.get("need")
        if donor and need and need.body_id != donor.body_id:
            self.add_error("need", _("The need belongs to another body than the donor's."))
        if data.get("kind") == Pledge.Kind.TIME and not data.get("hours"):
            self.add_error("hours", _("A pledge of time needs the number of hours."))
        return data


class ReasonForm(forms.Form):
    reason = LimitedTextField(
        max_length=limits.NOTE, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class LinkForm(forms.Form):
    need = NeedChoiceField(label=_("Need"), queryset=Need.objects.none())

    def __init__(self, *args, needs, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs.select_related("region")
        self.fields["need"].required = required


class DeliveryForm(forms.Form):
    value = PersianIntegerField(label=_("Value delivered (rials)"), min_value=1)
    note = LimitedTextField(
        max_length=limits.NOTE, label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    files = EvidenceField(label=_("Evidence files (PDF, images, Word, Excel)"), required=False)


class VerifyForm(DeliveryForm):
    value = PersianIntegerField(
        label=_("Value received (rials)"),
        min_value=1,
        required=False,
        help_text=_("Only if less was received than recorded."),
    )
