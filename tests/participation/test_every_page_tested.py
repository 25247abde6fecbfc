"""Every participation page has its access test from the outside: its URL name appears in one of the
access-matrix test files of the area that owns it."""

from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

HERE = Path(__file__).parent


def _names(patterns) -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_participation_page_is_in_an_access_test():
    resolver = get_resolver().namespace_dict["participation"][1]
    names = _names(resolver.url_patterns)
    assert "hub" in names and "public" in names
    tests = "".join(path.read_text() for path in HERE.glob("test_access*.py"))
    missing = sorted(
        name for name in names if f'"participation:{name}"' not in tests and f'"{name}"' not in tests
    )
    assert missing == []
