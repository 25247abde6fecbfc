"""A goal's form and a measure's form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.atlas.models import Indicator
from hamafza.goals.models import Measure
from hamafza.goals.services import sources
from hamafza.goals.services.programmes import MeasureSpec
from hamafza.lib import limits
from hamafza.lib.forms import LimitedTextField, PersianNumberField
from hamafza.meetings.models import Body


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = LimitedTextField(
        max_length=limits.NOTE,
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = OwnerField(
        label=_("Owner"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("The person in the organisation who answers for the goal."),
    )

    def __init__(self, *args, programme, adopted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            organization_id=programme.organization_id, is_active=True
        ).order_by("last_name", "first_name", "username")
        if adopted or not programme.is_draft:
            # A goal taken up from the adopted programme, or any goal of an active one, keeps its wording.
            for name in ("title", "description"):
                self.fields[name].disabled = True
                self.fields[name].required = False


class MeasureForm(forms.Form):
    name = forms.CharField(label=_("Measure"), max_length=300)
    source = forms.ChoiceField(label=_("Where its value comes from"), widget=forms.RadioSelect)
    indicator = forms.ModelChoiceField(
        label=_("Atlas indicator"),
        required=False,
        queryset=Indicator.objects.filter(is_active=True).select_related("category"),
    )
    body = forms.ModelChoiceField(
        label=_("Body"),
        required=False,
        queryset=Body.objects.none(),
        empty_label=_("— resolutions assigned to the organisation —"),
    )
    figure = forms.ChoiceField(label=_("Figure"), required=False)
    unit = forms.CharField(
        label=_("Unit"), required=False, max_length=60, help_text=_("e.g. people, sessions")
    )
    aggregation = forms.ChoiceField(
        label=_("The value is"), choices=Measure.Aggregation.choices, initial=Measure.Aggregation.TOTAL
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Measure.Direction.choices)
    baseline = PersianNumberField(
        label=_("Baseline"),
        required=False,
        help_text=_(
            "Last year's value. Left empty, a computed measure takes last year's value over the area."
        ),
    )
    target = PersianNumberField(label=_("Target"))

    def __init__(self, *args, bodies, adopted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources.choices()
        self.fields["body"].queryset = bodies
        figures = [
            (code, label) for source in sources.SOURCES.values() for code, label in source.figures.items()
        ]
        self.fields["figure"].choices = [("", "—"), *figures]
        self.adopted = adopted
        if adopted:
            # Taken up from the adopted programme: only the baseline and the target are the adopter's.
            for name, field in self.fields.items():
                if name not in ("baseline", "target"):
                    field.disabled = True
                    field.required = False

    def spec(self) -> MeasureSpec:
        data = self.cleaned_data
        return MeasureSpec(
            name=data.get("name") or "",
            source=data.get("source") or "",
            target=data.get("target"),
            baseline=data.get("baseline"),
            direction=data.get("direction") or "",
            aggregation=data.get("aggregation") or Measure.Aggregation.TOTAL,
            indicator=data.get("indicator"),
            body=data.get("body"),
            figure=data.get("figure") or "",
            unit=data.get("unit") or "",
        )

    @staticmethod
    def initial_of(measure: Measure) -> dict:
        return {
            "name": measure.name,
            "source": measure.source,
            "indicator": measure.indicator_id,
            "body": measure.body_id,
            "figure": measure.figure,
            "unit": measure.unit,
            "aggregation": measure.aggregation,
            "direction": measure.direction,
            "baseline": measure.baseline,
            "target": measure.target,
        }
