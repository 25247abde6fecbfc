"""Schema fragments for fields drf-spectacular cannot describe right by itself (OpenAPI 3.0).

An optional e-mail (a model's EmailField with blank=True) is sent as "" when empty, which is no e-mail:
declared as `format: email` alone, every client that checks formats (schemathesis did) rejects the
response. A URL computed by a method that returns None when there is nothing to link to is nullable.
"""

from typing import Any

EMAIL_OR_BLANK: dict[str, Any] = {
    "type": "string",
    "maxLength": 254,
    "anyOf": [{"format": "email"}, {"maxLength": 0}],
    "description": "An e-mail address, or an empty string when there is none.",
}

NULLABLE_URI: dict[str, Any] = {"type": "string", "format": "uri", "nullable": True}
