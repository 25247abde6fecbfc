"""What every follow-up endpoint shares: service errors as HTTP answers, and dates in either calendar."""

import re

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from hamafza.lib.jalali import JalaliDateError, format_jalali, parse_jalali
from hamafza.lib.persian import to_ascii_digits
from hamafza.meetings import services

_LEADING_YEAR = re.compile(r"^\s*(\d{2,4})\s*[/\-.]")


class ServiceErrorsMixin:
    """A refused change answers 400 with the service's message; a forbidden one 403 with its message.

    The object has already been fetched through the user's scope, so a user who cannot see it got a
    404 before any service was called.
    """

    def handle_exception(self, exc):
        if isinstance(exc, services.FollowUpError):
            return Response({"detail": " ".join(exc.messages), "code": exc.code or "invalid"}, status=400)
        if isinstance(exc, PermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        return super().handle_exception(exc)

    # What a POST carries, by action; the browsable API renders its form from these too (on the list
    # page the action is "list" while the form is for "create").
    input_serializers: dict = {}

    def get_serializer_class(self):
        request = getattr(self, "request", None)
        if request is not None and request.method == "POST" and self.action in self.input_serializers:
            return self.input_serializers[self.action]
        return self.serializer_class

    def output(self, instance, serializer_class=None):
        """The answer to a write: the object as a read shows it."""
        return (serializer_class or self.serializer_class)(
            instance, context=self.get_serializer_context()
        ).data

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["today"] = services.today()
        return context


class DateField(serializers.DateField):
    """A date given as ISO 8601 (2024-10-20) or as a Jalali date (1403/07/29, ۱۴۰۳-۰۷-۲۹)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("ISO 8601 (YYYY-MM-DD) or Jalali (YYYY/MM/DD, year before 1700)."))
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
            match = _LEADING_YEAR.match(value)
            if match and int(match.group(1)) < 1700:
                try:
                    return parse_jalali(value)
                except JalaliDateError:
                    self.fail("invalid", format="YYYY/MM/DD")
        return super().to_internal_value(value)


def jalali(value) -> str | None:
    """A Jalali date as YYYY/MM/DD in ASCII digits, for programs that show it."""
    return format_jalali(value, persian_digits=False) if value else None
