"""Counselling centres of police stations: units, cases, monthly statistics and the figures' tallies; one
module per sub-domain, gathered here so that Django finds every model."""

from hamafza.counseling.models.cases import Case, CaseSession, Channel, DisputeKind, Outcome, Party
from hamafza.counseling.models.statistics import MonthlyStatistic, StatisticsBatch
from hamafza.counseling.models.tallies import Tally
from hamafza.counseling.models.units import Centre, CounselingRole

__all__ = [
    "Case",
    "CaseSession",
    "Centre",
    "Channel",
    "CounselingRole",
    "DisputeKind",
    "MonthlyStatistic",
    "Outcome",
    "Party",
    "StatisticsBatch",
    "Tally",
]
