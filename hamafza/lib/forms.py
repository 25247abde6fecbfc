"""Form fields that speak Persian: Jalali dates and digits in any script."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib.jalali import JalaliDateError, format_jalali, parse_jalali
from hamafza.lib.persian import to_ascii_digits


class JalaliDateInput(forms.TextInput):
    def __init__(self, attrs=None):
        base = {
            "placeholder": "۱۴۰۳/۰۱/۱۵",
            "dir": "ltr",
            "class": "jdate",
            "autocomplete": "off",
            "data-jdp": "",
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return format_jalali(value)
        return value


class JalaliDateField(forms.Field):
    """Entered as a Jalali date (۱۴۰۲/۰۷/۲۹, 1402-7-29, ۰۲/۷/۲۹), cleaned to a Gregorian date."""

    widget = JalaliDateInput
    default_error_messages = {"invalid": _("Enter a Jalali date such as ۱۴۰۲/۰۷/۲۹.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_jalali(str(value))
        except JalaliDateError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class PersianIntegerInput(forms.TextInput):
    """A text box, not <input type=number>: browsers refuse Persian digits typed into a number box."""

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "dir": "ltr", "class": "int", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})


class PersianIntegerField(forms.IntegerField):
    """Accepts ۴۲, ٤٢ and 42 alike."""

    widget = PersianIntegerInput

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
        return super().to_python(value)


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
