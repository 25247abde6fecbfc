"""Forms of voting: the ballot on the site, a teller's entry of a paper ballot, a paper ballot handed out,
a tracking code to check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.assembly.forms.assemblies import MemberChoiceField
from hamafza.assembly.models import Member
from hamafza.lib.forms import PersianIntegerField


class BallotForm(forms.Form):
    choices = forms.TypedMultipleChoiceField(
        label=_("Candidates"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    confirm_invalid = forms.BooleanField(required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [(c.pk, c.name) for c in candidates]


class PaperEntryForm(forms.Form):
    paper_number = PersianIntegerField(label=_("Paper number"), min_value=1, max_value=999_999)
    choices = forms.TypedMultipleChoiceField(
        label=_("Candidates marked"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    spoiled = forms.BooleanField(label=_("Spoiled or unreadable"), required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [(c.pk, c.name) for c in candidates]


class SingleMemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.organization.name


class PaperVoterForm(forms.Form):
    member = SingleMemberField(label=_("Member NGO"), queryset=Member.objects.none())

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Your tracking code or paper number"),
        max_length=40,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "inputmode": "numeric"}),
    )


__all__ = ["BallotForm", "MemberChoiceField", "PaperEntryForm", "PaperVoterForm", "TrackingForm"]
