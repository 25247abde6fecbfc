"""The atlas: harm categories, indicators and their values per neighbourhood and month, incidents, and the
summary table (neighbourhood × month × category) that every page reads instead of raw incidents.

Months are Jalali and stored as integers YYYYMM (140301 = Farvardin 1403). One module per sub-domain;
this package gathers them so that Django finds every model.
"""

from hamafza.atlas.models.denominators import RegionYear
from hamafza.atlas.models.imports import DataBatch
from hamafza.atlas.models.incidents import Incident, IncidentSummary
from hamafza.atlas.models.ranking import Assessment
from hamafza.atlas.models.taxonomy import HarmCategory, Indicator
from hamafza.atlas.models.values import IndicatorValue

__all__ = [
    "Assessment",
    "DataBatch",
    "HarmCategory",
    "Incident",
    "IncidentSummary",
    "Indicator",
    "IndicatorValue",
    "RegionYear",
]
