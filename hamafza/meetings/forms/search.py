"""The search page's form: the words, and the filters on what they find."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib.forms import JalaliDateField
from hamafza.meetings.models import Body, Resolution, Topic
from hamafza.orgs.models import Organization


class SearchForm(forms.Form):
    """A GET form. Only the bodies and organisations the user may see are offered (and accepted)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=500)
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.none(), required=False, empty_label=_("All bodies")
    )
    organization = forms.ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All organisations"),
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *Resolution.Status.choices]
    )
    held_from = JalaliDateField(label=_("Meetings from"), required=False)
    held_to = JalaliDateField(label=_("Meetings to"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), required=False, empty_label=_("All topics")
    )

    def __init__(self, *args, bodies, organizations, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["organization"].queryset = organizations
        if topics is not None:
            self.fields["topic"].queryset = topics

    def clean(self):
        data = super().clean()
        start, end = data.get("held_from"), data.get("held_to")
        if start and end and start > end:
            self.add_error("held_to", _("The end of the range is before its start."))
        return data

    @property
    def filtered(self) -> bool:
        """Whether any filter beside the words is set."""
        return any(
            self.cleaned_data.get(name)
            for name in ("body", "organization", "state", "held_from", "held_to", "topic")
        )
