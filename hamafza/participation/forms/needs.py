"""Forms of the needs pages: proposing and editing a need, the secretariat's decisions, the list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import JalaliDateField, LimitedTextField, PersianDecimalField, PersianIntegerField
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation.models import Need, NeedCategory
from hamafza.places.models import Region


class NeedForm(forms.Form):
    """The fields of a need. `bodies` and `organizations` are the choices the user has; the rules
    (membership, region, dates, amounts) are the service's, shown as form errors."""

    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    organization = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— none: a neighbourhood's need —"),
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    category = forms.ChoiceField(label=_("Kind of need"), choices=NeedCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    justification = LimitedTextField(
        max_length=limits.LONG_TEXT, label=_("Why it is needed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    description = LimitedTextField(
        max_length=limits.NOTE,
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    quantity = PersianDecimalField(
        label=_("Quantity"), min_value=0, max_digits=12, decimal_places=2, initial=1
    )
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    estimated_cost = PersianIntegerField(
        label=_("Estimated cost or value (rials)"),
        min_value=0,
        help_text=_("For a non-material need, the value of the work it asks for."),
    )
    deadline = JalaliDateField(label=_("Needed by"), required=False)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Need.Urgency.choices, coerce=int, initial=Need.Urgency.MEDIUM
    )

    def __init__(self, *args, bodies, organizations, regions, fixed_body: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["organization"].queryset = organizations
        self.fields["region"].queryset = regions
        if fixed_body:
            # Editing: the body and the requesting agency stay as proposed.
            del self.fields["body"]
            del self.fields["organization"]


class ReasonForm(forms.Form):
    reason = LimitedTextField(
        max_length=limits.NOTE, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ApproveForm(forms.Form):
    note = LimitedTextField(
        max_length=limits.NOTE, label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MarkMetForm(forms.Form):
    note = LimitedTextField(
        max_length=limits.NOTE, label=_("How it was met"), widget=forms.Textarea(attrs={"rows": 2})
    )


class PriorityForm(forms.Form):
    priority = PersianIntegerField(label=_("Priority (0–100)"), min_value=0, max_value=100, required=False)
    reason = LimitedTextField(
        max_length=limits.NOTE, label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


CATEGORY_GROUPS = {"material": _("Material"), "non_material": _("Non-material")}


class NeedFilterForm(forms.Form):
    """The list's filters; every field optional, an invalid value is ignored."""

    state = forms.ChoiceField(label=_("State"), required=False)
    category = forms.ChoiceField(label=_("Kind"), required=False)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    body = forms.TypedChoiceField(label=_("Body"), required=False, coerce=int, empty_value=None)
    organization = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    due_from = JalaliDateField(label=_("Needed from"), required=False)
    due_to = JalaliDateField(label=_("Needed by"), required=False)
    q = forms.CharField(max_length=limits.LINE, label=_("Search"), required=False)

    def __init__(self, *args, regions, bodies, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("All"))] + [(o.pk, o.name) for o in organizations]
        everything = [("", _("All"))]
        self.fields["state"].choices = everything + list(Need.State.choices)
        self.fields["category"].choices = everything + [
            (_("Groups"), list(CATEGORY_GROUPS.items())),
            (_("Kinds"), list(NeedCategory.choices)),
        ]
        self.fields["region"].choices = everything + [(r.pk, r.name) for r in regions]
        self.fields["body"].choices = everything + [(b.pk, b.name) for b in bodies]

    def values(self) -> dict:
        """The valid filters, each field on its own (one bad value does not drop the others)."""
        if self.is_valid():
            return self.cleaned_data
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items()}
