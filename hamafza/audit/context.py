"""Where the current change comes from: the request's address, or the command line."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    ip: str | None = None
    source: str = "system"


_origin: contextvars.ContextVar[Origin] = contextvars.ContextVar("audit_origin", default=Origin())  # noqa: B039 (frozen)


def current_origin() -> Origin:
    return _origin.get()


def set_origin(origin: Origin) -> contextvars.Token:
    return _origin.set(origin)


def reset_origin(token: contextvars.Token) -> None:
    _origin.reset(token)
