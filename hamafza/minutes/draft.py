"""What extraction gives: a draft of the meeting and its resolutions, for a person to check and confirm."""

import datetime as dt
from dataclasses import asdict, dataclass, field

from hamafza.lib.jalali import to_jalali


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _jalali(value: dt.date | None) -> str | None:
    if value is None:
        return None
    j = to_jalali(value)
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


@dataclass
class DraftResolution:
    """One resolution as found in the minutes.

    `number` is the item's number as written (its first level for «1-1-», with `sub_number` the rest),
    or its position from 1 where the minutes do not number their resolutions; `label` is the marker
    exactly as it stood. `span` is (start, end) in the source text.
    """

    number: int
    text: str
    responsible: list[str] = field(default_factory=list)
    sub_number: str | None = None
    label: str = ""
    deadline: dt.date | None = None
    deadline_text: str = ""
    confidence: float = 0.0
    span: tuple[int, int] = (0, 0)

    @property
    def key(self) -> str:
        """«3» or «3-1»: how this resolution is told from the others of its meeting."""
        return f"{self.number}-{self.sub_number}" if self.sub_number else str(self.number)

    def to_json(self) -> dict:
        return {
            # As the gold files write it: 3, or «3-1» for a sub-item (whose parts stay in sub_number).
            "number": self.key if self.sub_number else self.number,
            "sub_number": self.sub_number,
            "label": self.label,
            "text": self.text,
            "responsible": list(self.responsible),
            "deadline": _iso(self.deadline),
            "deadline_jalali": _jalali(self.deadline),
            "deadline_text": self.deadline_text,
            "confidence": round(self.confidence, 2),
            "span": list(self.span),
        }


@dataclass
class MissedDecision:
    """A sentence that reads as a decision but was not taken as a resolution, and where it stands."""

    text: str
    span: tuple[int, int]

    def to_json(self) -> dict:
        return {"text": self.text, "span": list(self.span)}


@dataclass
class MinutesDraft:
    """A meeting as read from its minutes. Every field may be empty: nothing is invented."""

    meeting_date: dt.date | None = None
    date_text: str = ""
    body: str | None = None
    session_number: int | None = None
    chair: str | None = None
    place: str | None = None
    attendees: list[str] = field(default_factory=list)
    resolutions: list[DraftResolution] = field(default_factory=list)
    # How the text was read: "table", "list", "prose" (decisions in a report) or "" when none was found.
    layout: str = ""
    # Lines that came in visual order and were put back in reading order.
    repaired_lines: int = 0
    warnings: list[str] = field(default_factory=list)
    # Passages of the source with a decision's verb («مقرر شد», «تصویب شد», «موظف شد» …) that became no
    # resolution: for the review page to offer, so that a missed decision is added with one click.
    missed: list[MissedDecision] = field(default_factory=list)

    @property
    def jalali_date(self) -> str | None:
        return _jalali(self.meeting_date)

    def to_json(self) -> dict:
        """The keys of the gold files of the development corpus, and the rest of the draft."""
        return {
            "meeting_date": _iso(self.meeting_date),
            "jalali_date": self.jalali_date,
            "date_text": self.date_text,
            "body": self.body,
            "session_number": self.session_number,
            "chair": self.chair,
            "place": self.place,
            "attendees": list(self.attendees),
            "layout": self.layout,
            "repaired_lines": self.repaired_lines,
            "warnings": list(self.warnings),
            "resolutions": [r.to_json() for r in self.resolutions],
            "missed": [m.to_json() for m in self.missed],
        }

    def as_dict(self) -> dict:
        return asdict(self)
