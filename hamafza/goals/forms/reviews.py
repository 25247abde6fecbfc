"""The year-end review of a goal, and the choice of goals to carry into next year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import LimitedTextField, PersianNumberField

TEXTAREA = {"rows": 4}


class YearEndReviewForm(forms.Form):
    achieved = LimitedTextField(
        max_length=limits.LONG_TEXT,
        label=_("What was achieved"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    strengths = LimitedTextField(
        max_length=limits.LONG_TEXT,
        label=_("Strengths"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    weaknesses = LimitedTextField(
        max_length=limits.LONG_TEXT,
        label=_("Weaknesses"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    causes = LimitedTextField(
        max_length=limits.LONG_TEXT,
        label=_("Causes of the weaknesses"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    proposal = LimitedTextField(
        max_length=limits.LONG_TEXT,
        label=_("Proposal for next year"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = list(measures)
        for measure in self.measures:
            self.fields[f"figure_{measure.pk}"] = PersianNumberField(
                label=measure.name, required=False, help_text=_("The value the measure reached in the year.")
            )

    def figure_fields(self):
        return [self[f"figure_{measure.pk}"] for measure in self.measures]

    def figures(self) -> dict[int, float | None]:
        return {measure.pk: self.cleaned_data.get(f"figure_{measure.pk}") for measure in self.measures}


class CarryOverForm(forms.Form):
    goals = forms.MultipleChoiceField(
        label=_("Goals to carry into next year"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = [(str(goal.pk), str(goal)) for goal in goals]
