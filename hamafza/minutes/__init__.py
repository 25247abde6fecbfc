"""Extraction of meetings and their resolutions from minutes (صورتجلسه): a library without Django.

`extract(source)` takes text (or a file, read by `hamafza.minutes.readers`) and gives a `MinutesDraft`;
`match_organizations(names, registry)` ranks the registry's organisations for the responsible names.
"""

from hamafza.minutes.draft import DraftResolution, MinutesDraft
from hamafza.minutes.extract import extract, extract_text
from hamafza.minutes.responsible import match_organizations

__all__ = ["DraftResolution", "MinutesDraft", "extract", "extract_text", "match_organizations"]
