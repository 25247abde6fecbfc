"""Form fields that speak Persian: Jalali dates and digits in any script."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.functional import lazy
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext_lazy as _

from hamafza.lib.jalali import JalaliDateError, format_jalali, parse_jalali, to_jalali
from hamafza.lib.persian import to_ascii_digits, to_persian_digits


def _number_label(number: int) -> str:
    return to_persian_digits(number) if (get_language() or "fa").startswith("fa") else str(number)


# A number as the label of a choice («۱» … «۵»), in the digits of the language the page is rendered in.
number_label = lazy(_number_label, str)


class JalaliDateInput(forms.TextInput):
    def __init__(self, attrs=None):
        base = {
            # A hint in words, not a date that reads as a value in an empty box; the words are in
            # logical order روز/ماه/سال so that, shown right to left, سال sits at the left as the year does
            # in a typed ۱۴۰۳/۰۱/۱۵.
            "placeholder": "روز/ماه/سال",
            "dir": "ltr",
            "class": "jdate",
            "autocomplete": "off",
            "data-jdp": "",
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return format_jalali(value)
        if isinstance(value, str) and value.strip():
            # What was typed or pasted, shown back as the Jalali date it was read as («2026-12-01» or
            # «۱۰ آذر ۱۴۰۵» → ۱۴۰۵/۰۹/۱۰); what cannot be read stays as typed, beside its error.
            try:
                return format_jalali(parse_jalali(value))
            except JalaliDateError:
                return value
        return value


class JalaliDateField(forms.Field):
    """Entered as a Jalali date in any digits (۱۴۰۲/۰۷/۲۹, 1402-7-29, ۰۲/۷/۲۹, «۲۹ مهر ۱۴۰۲») or as a
    Gregorian ISO date (2023-10-21, as Excel writes it), cleaned to a Gregorian date. A date whose Jalali
    year is outside `min_year`–`max_year` is refused: a plausible range for the work of these bodies."""

    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("Enter a Jalali date such as ۱۴۰۲/۰۷/۲۹ or ۲۹ مهر ۱۴۰۲."),
        "year": _("The year %(year)s is not plausible: enter a date between %(first)s and %(last)s."),
    }
    MIN_YEAR = 1350
    MAX_YEAR = 1450

    def __init__(self, *, min_year: int | None = None, max_year: int | None = None, **kwargs):
        self.min_year = min_year or self.MIN_YEAR
        self.max_year = max_year or self.MAX_YEAR
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            date = parse_jalali(str(value))
        except JalaliDateError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        year = to_jalali(date).year
        if not self.min_year <= year <= self.max_year:
            raise forms.ValidationError(
                self.error_messages["year"],
                code="year",
                params={
                    "year": to_persian_digits(year),
                    "first": to_persian_digits(f"{self.min_year}/01/01"),
                    "last": to_persian_digits(f"{self.max_year}/12/29"),
                },
            )
        return date


class PersianDigitsInput(forms.TextInput):
    """A code or a number kept as text (a phone, a national ID, a resolution's number): its stored value is
    shown in the page's digits, left to right; the services read whichever digits come back."""

    def __init__(self, attrs=None):
        super().__init__({"dir": "ltr", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        value = super().format_value(value)
        if value and (get_language() or "fa").startswith("fa"):
            return to_persian_digits(value)
        return value


class PersianIntegerInput(forms.TextInput):
    """A text box, not <input type=number>: browsers refuse Persian digits typed into a number box."""

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "dir": "ltr", "class": "int", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        """A stored number in the page's digits; what a person typed stays as typed."""
        if isinstance(value, int) and not isinstance(value, bool):
            return to_persian_digits(value) if (get_language() or "fa").startswith("fa") else str(value)
        return super().format_value(value)


class PersianIntegerField(forms.IntegerField):
    """Accepts ۴۲, ٤٢ and 42 alike."""

    widget = PersianIntegerInput

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
        return super().to_python(value)


def plain_number(value: float | int | None, *, persian: bool = True) -> str:
    """A number as a person types it: no thousands separators, no trailing zeros, «٫» for the decimal
    point and Persian digits (unless asked otherwise)."""
    if value is None or value == "":
        return ""
    number = float(value)
    text = str(int(number)) if number == int(number) else f"{number:.6f}".rstrip("0").rstrip(".")
    return to_persian_digits(text.replace(".", "٫")) if persian else text


class PersianNumberInput(forms.TextInput):
    """A text box for a number with a fraction; shows the value as a person would type it."""

    def __init__(self, attrs=None):
        base = {"inputmode": "decimal", "dir": "ltr", "class": "int", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return plain_number(value, persian=(get_language() or "fa").startswith("fa"))
        return super().format_value(value)


class PersianNumberField(forms.FloatField):
    """Accepts ۱۲٫۵, 12.5, ١٢٫٥ and 1,200 or ۱٬۲۰۰ alike."""

    widget = PersianNumberInput
    default_error_messages = {"invalid": _("Enter a number such as ۷۰ or ۱۲٫۵.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
            value = value.replace("٬", "").replace(",", "").replace("٫", ".").replace("\u2212", "-")
        return super().to_python(value)


class PersianDecimalField(forms.DecimalField):
    """A decimal (a quantity) typed as ۱۲٫۵, 12.5, ١٢٫٥ or 1,200, shown in the page's digits."""

    widget = PersianNumberInput
    default_error_messages = {"invalid": _("Enter a number such as ۷۰ or ۱۲٫۵.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
            value = value.replace("٬", "").replace(",", "").replace("٫", ".").replace("\u2212", "-")
        return super().to_python(value)


class PickerSelectMultiple(forms.SelectMultiple):
    """A <select multiple> that hamafza/static/hamafza/picker.js turns into a type-ahead with chips (the
    page includes picker.js and picker.css); without the script it is the plain list, and it is always
    what the form sends. An option's data-name, data-where and data-key (a `search_key`) refine what the
    picker shows and matches; without them it shows the option's text and its optgroup's label. With
    data-browse (a short list) the empty box lists every option when it gets the focus."""

    def __init__(self, attrs=None, *, placeholder="", empty="", chosen=""):
        defaults = {
            "size": 6,
            "data-picker": "1",
            "data-placeholder": placeholder,
            "data-empty": empty,
            "data-remove": _("Remove"),
            "data-chosen": chosen,
        }
        super().__init__({**defaults, **(attrs or {})})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; the view reads them all and a service checks their type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


def form_error(form: forms.Form, error) -> None:
    """A service's ValidationError on the form: its messages on the fields they name (when the form has
    them), the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    form.add_error(name if name in form.fields else None, message)
        return
    for message in error.messages:
        form.add_error(None, message)


class PersianTimeField(forms.TimeField):
    """A time of day as 14:30, in any digits (۱۴:۳۰ is accepted as typed on a Persian keyboard)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TimeInput(attrs={"dir": "ltr", "class": "time", "placeholder": "۱۴:۳۰"}, format="%H:%M"),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).strip().replace("٫", ":").replace(".", ":")
        return super().to_python(value)


def grouped_number(value: int) -> str:
    """«۲۰٬۰۰۰» on a Persian page, «20,000» otherwise."""
    text = f"{value:,}"
    return to_persian_digits(text.replace(",", "٬")) if get_language_bidi() else text


class TextLimitValidator(MaxLengthValidator):
    """At most `limit_value` characters, said in words and digits a Persian reader reads."""

    message = _(
        "This text has %(length)s characters; at most %(limit)s are allowed here. "
        "Shorten it, or attach the full text as a file."
    )

    def __call__(self, value):
        length = len(value or "")
        if length > self.limit_value:
            raise forms.ValidationError(
                self.message,
                code="max_length",
                params={"length": grouped_number(length), "limit": grouped_number(self.limit_value)},
            )


class LimitedTextField(forms.CharField):
    """Free text up to `max_length` characters, with a clear message when more is sent.

    The textarea carries no `maxlength` attribute: a browser would silently cut a pasted text at the
    bound; the server refuses it instead, keeps what was typed in the form and says how long it is.
    """

    widget = forms.Textarea

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length
        self.validators.append(TextLimitValidator(max_length))
        self.widget.attrs["data-maxlength"] = str(max_length)
