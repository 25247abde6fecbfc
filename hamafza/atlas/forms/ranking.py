"""The ranking form: area, Jalali months, indicators, direct weights or AHP pairwise comparisons, method."""

import re
from fractions import Fraction

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hamafza.atlas.models import Assessment, Indicator
from hamafza.atlas.services import ranking
from hamafza.atlas.services.queries import month_add, month_label
from hamafza.lib.forms import PersianDigitsInput, PersianIntegerField
from hamafza.lib.jalali import to_jalali
from hamafza.lib.persian import to_ascii_digits, to_persian_digits
from hamafza.meetings.services import today
from hamafza.places.models import Region

MONTHS_OFFERED = 48

# Saaty's verbal scale, for "the first is … than the second".
SAATY_WORDS = {
    1: _("Equal importance"),
    2: _("Between equal and slightly more important"),
    3: _("Slightly more important"),
    4: _("Between slightly more important and more important"),
    5: _("More important"),
    6: _("Between more important and much more important"),
    7: _("Much more important"),
    8: _("Between much more important and absolutely more important"),
    9: _("Absolutely more important"),
}


def _persian() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "fa").startswith("fa")


def current_month() -> int:
    j = to_jalali(today())
    return j.year * 100 + j.month


def default_period() -> tuple[int, int]:
    """The twelve months before the current one."""
    end = month_add(current_month(), -1)
    return month_add(end, -11), end


_MONTH_TEXT = re.compile(r"^\s*(\d{4})\s*[/\-.]?\s*(\d{1,2})\s*$")


def parse_month(text) -> int | None:
    """«140307», «۱۴۰۳/۰۷», «1403-7» → 140307; None when it is not a month."""
    match = _MONTH_TEXT.match(to_ascii_digits(str(text or "")))
    if not match:
        return None
    value = int(match.group(1)) * 100 + int(match.group(2))
    return value if ranking.valid_month(value) else None


class JalaliMonthSelect(forms.Select):
    """The last five years of months, the latest first; a month outside them is kept when chosen."""

    def optgroups(self, name, value, attrs=None):
        latest = current_month()
        months = [month_add(latest, -i) for i in range(MONTHS_OFFERED)]
        for chosen in value:
            month = parse_month(chosen)
            if month is not None and month not in months:
                months.append(month)
        self.choices = [(str(m), month_label(m)) for m in sorted(months, reverse=True)]
        value = [str(parse_month(v) or v) for v in value]
        return super().optgroups(name, value, attrs)


class JalaliMonthField(forms.Field):
    widget = JalaliMonthSelect
    default_error_messages = {"invalid": _("Choose a month.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


_DECIMAL = re.compile(r"^\d+(?:[.٫/]\d*)?$|^[.٫/]\d+$")


class WeightField(forms.Field):
    """A weight typed in Persian or ASCII digits, with «٫», «/» or «.» as the decimal point."""

    widget = PersianDigitsInput(attrs={"inputmode": "decimal", "class": "weight", "size": 5})
    default_error_messages = {"invalid": _("Enter a number such as ۲ or ۰٫۵.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = to_ascii_digits(str(value)).strip().replace("٬", "")
        if not _DECIMAL.match(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return float(re.sub("[٫/]", ".", text))


def saaty_choices(first: str, second: str) -> list[tuple[str, str]]:
    """The 17 judgements of a pair, from «first absolutely more important» to «second …»."""
    choices = []
    for value in range(9, 1, -1):
        choices.append((str(value), _pair_label(first, value)))
    choices.append(("1", f"{SAATY_WORDS[1]} ({_n('1')})"))
    for value in range(2, 10):
        choices.append((f"1/{value}", _pair_label(second, value)))
    return choices


def _n(text: str) -> str:
    return to_persian_digits(text) if _persian() else text


def _pair_label(name: str, value: int) -> str:
    return f"{name}: {SAATY_WORDS[value]} ({_n(str(value))})"


def parse_saaty(text: str) -> float | None:
    try:
        value = Fraction(to_ascii_digits(text or ""))
    except (ValueError, ZeroDivisionError):
        return None
    if value.numerator == 1 and value.denominator in range(1, 10):
        return float(value)
    if value.denominator == 1 and value.numerator in range(1, 10):
        return float(value)
    return None


class RankingForm(forms.Form):
    """Read from the query string: a ranking is a GET, so its address can be shared and exported."""

    WEIGHTING = [
        ("direct", pgettext_lazy("ranking", "Weights entered directly")),
        ("ahp", pgettext_lazy("ranking", "AHP pairwise comparisons")),
    ]

    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Region.objects.filter(kind__in=ranking.AREA_KINDS)
        .without_boundaries()
        .order_by("kind", "name"),
        empty_label=None,
    )
    period_start = JalaliMonthField(label=_("From month"))
    period_end = JalaliMonthField(label=_("To month"))
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"),
        queryset=Indicator.objects.filter(is_active=True).select_related("category"),
        widget=forms.CheckboxSelectMultiple,
    )
    weighting = forms.ChoiceField(
        label=_("Weights"), choices=WEIGHTING, initial="direct", widget=forms.RadioSelect
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Assessment.Method.choices,
        initial=Assessment.Method.TOPSIS,
        widget=forms.RadioSelect,
    )

    def __init__(self, data=None, **kwargs):
        start, end = default_period()
        kwargs.setdefault("initial", {"period_start": start, "period_end": end})
        super().__init__(data, **kwargs)
        self.ahp_matrix: list[list[float]] | None = None  # set by clean() when AHP is chosen
        self.consistency_ratio: float | None = None
        self.all_indicators = list(self.fields["indicators"].queryset)
        for indicator in self.all_indicators:
            self.fields[self.weight_name(indicator)] = WeightField(
                label=indicator.name, required=False, initial="1"
            )
        self.chosen = self._chosen_indicators()
        for first, second in self.pairs() if self.show_pairs else []:
            self.fields[self.pair_name(first, second)] = forms.ChoiceField(
                label=f"{first.name} / {second.name}",
                choices=saaty_choices(first.name, second.name),
                initial="1",
                required=False,
            )

    @staticmethod
    def weight_name(indicator: Indicator) -> str:
        return f"w_{indicator.pk}"

    @staticmethod
    def pair_name(first: Indicator, second: Indicator) -> str:
        return f"ahp_{first.pk}_{second.pk}"

    def _chosen_indicators(self) -> list[Indicator]:
        if not self.is_bound:
            return []
        wanted = {str(pk) for pk in self.data.getlist("indicators")}
        return [i for i in self.all_indicators if str(i.pk) in wanted]

    @property
    def show_pairs(self) -> bool:
        """The AHP triangle is drawn only when AHP is the chosen weighting (it is the costly part)."""
        return self.is_bound and self.data.get("weighting") == "ahp"

    def pairs(self) -> list[tuple[Indicator, Indicator]]:
        chosen = self.chosen
        return [(a, b) for n, a in enumerate(chosen) for b in chosen[n + 1 :]]

    def indicator_rows(self):
        """Each active indicator with its checkbox state and its weight box, for the template."""
        chosen = {i.pk for i in self.chosen}
        return [
            {"indicator": i, "checked": i.pk in chosen, "weight": self[self.weight_name(i)]}
            for i in self.all_indicators
        ]

    def pair_triangle(self):
        """Rows of the upper triangle: (row indicator, [None or the select of row vs column])."""
        chosen = self.chosen
        return [
            (
                first,
                [self[self.pair_name(first, second)] if c > r else None for c, second in enumerate(chosen)][
                    1:
                ],
            )
            for r, first in enumerate(chosen[:-1])
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period ends before it starts."))
        indicators = [i for i in self.all_indicators if i in (data.get("indicators") or [])]
        self.ahp_matrix = None
        self.consistency_ratio = None
        if not indicators or self.errors:
            return data
        if data.get("weighting") == "ahp":
            self._clean_ahp(indicators, data)
        else:
            self._clean_direct(indicators, data)
        return data

    def _clean_direct(self, indicators, data):
        criteria = []
        for indicator in indicators:
            weight = data.get(self.weight_name(indicator))
            if weight is None:
                self.add_error(self.weight_name(indicator), _("Give this indicator a weight."))
                continue
            criteria.append((indicator, weight))
        if criteria and sum(w for _i, w in criteria) <= 0:
            self.add_error(None, _("At least one weight must be above zero."))
        data["criteria"] = criteria

    def _clean_ahp(self, indicators, data):
        if len(indicators) < 2:
            self.add_error("indicators", _("Pairwise comparisons need at least two indicators."))
            return
        pairs = {}
        for i, first in enumerate(indicators):
            for j, second in enumerate(indicators[i + 1 :], start=i + 1):
                name = self.pair_name(first, second)
                value = parse_saaty(data.get(name) or "")
                if value is None:
                    self.add_error(name, _("Choose a judgement."))
                    return
                pairs[(i, j)] = value
        try:
            self.ahp_matrix = ranking.ahp_matrix(len(indicators), pairs)
            weights, self.consistency_ratio = ranking.ahp_weights(self.ahp_matrix)
            ranking.refuse_inconsistent(self.consistency_ratio)
        except ranking.RankingError as error:
            self.add_error(None, error)
            return
        data["criteria"] = list(zip(indicators, weights, strict=True))


class SaveForm(forms.Form):
    name = forms.CharField(label=_("Name of the assessment"), max_length=200)


class MarkTargetsForm(forms.Form):
    unmark_others = forms.BooleanField(
        label=_("Also clear the mark from this area's other target neighbourhoods"), required=False
    )

    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["top_n"] = PersianIntegerField(
            label=_("Number of top neighbourhoods"), min_value=1, max_value=limit
        )
        self.order_fields(["top_n", "unmark_others"])
