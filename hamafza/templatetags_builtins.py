"""Template filters available everywhere: Jalali dates and Persian digits on screen."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from hamafza.lib.jalali import format_jalali
from hamafza.lib.persian import format_number, match_spans, persian_digits_in_prose, to_persian_digits

register = template.Library()


def _persian() -> bool:
    return (get_language() or "fa").startswith("fa")


@register.filter
def digits(value) -> str:
    """Persian digits when the page is in Persian."""
    if value is None:
        return ""
    return to_persian_digits(str(value)) if _persian() else str(value)


@register.filter
def prose(value) -> str:
    """A sentence (a validation message, a help text) with its numbers in Persian digits when the page is in
    Persian; web and e-mail addresses and Latin codes keep theirs."""
    if value is None:
        return ""
    if not _persian():
        return value
    text = persian_digits_in_prose(str(value))
    return mark_safe(text) if isinstance(value, SafeData) else text  # a help text may be markup (a list)


@register.filter
def amount(value, places: int = 2) -> str:
    """A count, a sum of rials or a rate with thousands separators and at most `places` decimals (no
    trailing zeros), in Persian digits and separators (٬ ٫) on a Persian page."""
    if value is None or value == "":
        return ""
    text = format_number(value, places, persian=_persian())
    return digits(value) if text is None else text


@register.filter
def jdate(value, style: str = "") -> str:
    """A date (or datetime, in local time) as a Jalali date; «long» spells the month."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_jalali(value, persian_digits=_persian(), long=style == "long")


@register.filter
def jdatetime(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{format_jalali(local, persian_digits=False)} {local:%H:%M}"
    return digits(text)


@register.filter
def percent(value) -> str:
    if value is None:
        return ""
    return digits(f"{round(value)}%") if not _persian() else digits(f"{round(value)}٪")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def days_since(value, today) -> int:
    """Whole days from `value` to `today`."""
    if not value or not today:
        return 0
    return (today - value).days


@register.filter
def follow_up(assignment, today) -> str:
    return assignment.follow_up_state(today)


@register.filter
def audit_action(entry) -> str:
    from hamafza.audit.labels import action_label

    return action_label(entry.action)


@register.filter
def audit_source(entry) -> str:
    from hamafza.audit.labels import source_label

    return source_label(entry.source)


@register.filter
def audit_changes(entry) -> list:
    from hamafza.audit.labels import describe_changes

    return describe_changes(entry, persian=_persian())


@register.filter
def filesize(value) -> str:
    """A size in kilobytes or megabytes, with the unit and digits of the page's language."""
    from django.utils.translation import gettext as _

    size = int(value or 0)
    if size >= 1024 * 1024:
        return digits(_("%(size)s MB") % {"size": f"{size / (1024 * 1024):.1f}".removesuffix(".0")})
    return digits(_("%(size)s KB") % {"size": max(1, round(size / 1024))})


@register.filter
def highlight(value, terms, length: int = 240) -> str:
    """The text, escaped, with the words of a search marked (<mark>) on the characters as written, found
    on their folded form; a long text is cut to `length` characters around its first match."""
    text = str(value or "")
    spans = match_spans(text, list(terms or []))
    start = 0
    if len(text) > length and spans and spans[0][0] > length // 2:
        start = spans[0][0] - length // 3
    end = min(len(text), start + length)
    out = ["…"] if start else []
    cursor = start
    for first, last in spans:
        if last <= cursor or first >= end:
            continue
        first, last = max(first, cursor), min(last, end)
        out.append(escape(text[cursor:first]))
        out.append(f"<mark>{escape(text[first:last])}</mark>")
        cursor = last
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))  # every piece of the text is escaped above


@register.simple_tag
def form_limits() -> str:
    """The data attributes on <body> that hamafza/static/hamafza/form-limits.js reads: how much text a
    form may send (DATA_UPLOAD_MAX_MEMORY_SIZE, what Django refuses beyond) and the messages it shows,
    so that an oversize form is refused in the browser before anything is sent or lost."""
    from django.conf import settings
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    return format_html(
        'data-max-text-bytes="{}" data-msg-text="{}" data-msg-field="{}" data-msg-file="{}"',
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        _(
            "Not sent: the text of this form is %(size)s, more than the %(limit)s the site takes "
            "(the largest field is «%(field)s»). Shorten it or attach a long text as a file; your text "
            "is still here."
        ),
        _(
            "Not sent: «%(field)s» takes at most %(limit)s characters and has %(count)s. Shorten it; "
            "your text is still here."
        ),
        _("Not sent: the file «%(field)s» is %(size)s, more than the %(limit)s a file may be."),
    )


@register.filter
def readable_by(body, user) -> bool:
    """Whether the user may open the body's page: a breadcrumb links to it only then (a donor or an NGO
    member on an assembly's page followed it into a 404). No query for an administrator or the body's
    secretariat, the users of most pages that carry a body."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_system_admin or (user.organization_id and user.organization_id == body.secretariat_id):
        return True
    from hamafza.meetings.access import bodies_for_user

    return bodies_for_user(user).filter(pk=body.pk).exists()
