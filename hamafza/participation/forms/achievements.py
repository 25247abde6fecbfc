"""Forms of the achievements portfolio: an NGO's report, its correction, the secretariat's review, and a
call for reports (which body asks, for which period, by when, and whom).

The rules (a period that ends after it starts, a deadline not in the past, NGOs only) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import JalaliDateField, LimitedTextField, PersianIntegerField, number_label
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation.forms.common import MultipleFileField, regions
from hamafza.participation.models import AchievementReport


class AchievementForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Sent to (the body that asked for it)"), queryset=Body.objects.all()
    )
    period_start = JalaliDateField(label=_("Period from"))
    period_end = JalaliDateField(label=_("Period to"))
    activities = LimitedTextField(
        max_length=limits.LONG_TEXT, label=_("Activities"), widget=forms.Textarea(attrs={"rows": 6})
    )
    beneficiaries = PersianIntegerField(label=_("Beneficiaries"), min_value=0)
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        required=False,
        queryset=regions(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    files = MultipleFileField(label=_("Evidence files (PDF, images, Word or Excel)"), required=False)


class ResubmitForm(AchievementForm):
    body = None


class AchievementReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (AchievementReport.State.ACCEPTED, _("Accept")),
            (AchievementReport.State.RETURNED, _("Return for correction")),
        ]
    )
    score = forms.TypedChoiceField(
        label=_("Effectiveness (1–5)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(n, number_label(n)) for n in range(1, 6)],
    )
    note = LimitedTextField(
        max_length=limits.NOTE,
        label=_("Note (required to return)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AchievementCallForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Asked by (body)"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Title"), max_length=250)
    period_start = JalaliDateField(label=_("Period from"))
    period_end = JalaliDateField(label=_("Period to"))
    deadline = JalaliDateField(label=_("Deadline of the reports"))
    note = LimitedTextField(
        max_length=limits.NOTE,
        label=_("What the reports should cover"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ngos = forms.ModelMultipleChoiceField(
        label=_("NGOs asked"),
        required=False,
        queryset=Organization.objects.filter(kind=Organization.Kind.NGO, is_active=True)
        .select_related("region")
        .order_by("region__name", "name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("If none is chosen, the NGO members of the body are asked."),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
