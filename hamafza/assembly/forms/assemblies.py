"""Forms of assemblies and members. They shape the input; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.assembly.models import Member
from hamafza.lib import limits
from hamafza.lib.forms import LimitedTextField
from hamafza.meetings.models import Body


class AssemblyForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Convening body"), queryset=Body.objects.none())
    name = forms.CharField(label=_("Name"), max_length=250)
    description = LimitedTextField(
        max_length=limits.NOTE,
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    letterhead = LimitedTextField(
        max_length=limits.NOTE,
        label=_("Letterhead"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The lines at the head of its letters, one per line, as on the body's paper."),
    )
    letter_prefix = forms.CharField(label=_("Letter number prefix"), max_length=30, required=False)
    signatory_name = forms.CharField(label=_("Who signs the letters"), max_length=150, required=False)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=200, required=False)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["body"]
        else:
            self.fields["body"].queryset = bodies


def _person(user: User) -> str:
    return user.get_full_name() or user.get_username()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _person(obj)


class RepresentativesForm(forms.Form):
    representative = PersonChoiceField(
        label=_("Representative"), queryset=User.objects.none(), required=False
    )
    substitute = PersonChoiceField(
        label=_("Substitute representative"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(organization_id=member.organization_id, is_active=True).order_by(
            "last_name", "first_name", "username"
        )
        for name in ("representative", "substitute"):
            self.fields[name].queryset = people


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.organization.name


class AttendanceForm(forms.Form):
    present = MemberChoiceField(
        label=_("Member NGOs present"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members
