"""Annual programmes, their goals and measures, quarterly reports and year-end reviews; one module per
sub-domain, gathered here so that Django finds every model."""

from hamafza.goals.models.goals import Goal
from hamafza.goals.models.measures import Measure, MeasureReading
from hamafza.goals.models.programmes import GoalRole, Programme
from hamafza.goals.models.reports import QuarterReport, ReportFile
from hamafza.goals.models.reviews import ReviewFigure, YearEndReview

__all__ = [
    "Goal",
    "GoalRole",
    "Measure",
    "MeasureReading",
    "Programme",
    "QuarterReport",
    "ReportFile",
    "ReviewFigure",
    "YearEndReview",
]
