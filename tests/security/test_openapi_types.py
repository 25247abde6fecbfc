"""The OpenAPI schema says what the API sends (issue 12's review: `minutes_url` and `email` were declared
wrongly, so clients that check the schema refused null and empty values)."""

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

EMAILS = [("Organization", "email"), ("Donor", "contact.email")]


@pytest.fixture(scope="module")
def components():
    return SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]


def _property(components, component: str, dotted: str) -> dict:
    schema = components[component]
    for name in dotted.split("."):
        schema = schema["properties"][name]
    return schema


def test_minutes_url_is_a_nullable_uri(components):
    minutes_url = _property(components, "Meeting", "minutes_url")
    assert (minutes_url["type"], minutes_url["format"], minutes_url["nullable"]) == ("string", "uri", True)


@pytest.mark.parametrize(("component", "field"), EMAILS)
def test_an_optional_email_is_an_email_or_empty(components, component, field):
    email = _property(components, component, field)
    assert email["type"] == "string"
    checker = jsonschema.Draft4Validator(email, format_checker=jsonschema.FormatChecker())
    assert checker.is_valid("ngo@example.org")
    assert checker.is_valid("")  # what the API sends when there is none
    assert not checker.is_valid("not an e-mail")


def test_no_email_in_the_schema_refuses_the_empty_string(components):
    """Every model's e-mail is optional (blank=True): a bare `format: email` anywhere would be wrong."""
    bare = []

    def walk(node, path):
        if isinstance(node, dict):
            if node.get("format") == "email" and "anyOf" not in path[-2:-1]:
                bare.append(".".join(path))
            for key, value in node.items():
                walk(value, [*path, str(key)])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, [*path, str(index)])

    walk(components, [])
    assert bare == []
