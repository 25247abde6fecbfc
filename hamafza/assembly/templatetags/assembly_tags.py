"""Filters of the assembly's templates."""

from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user as people call them: the full name, else the username; «—» for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
