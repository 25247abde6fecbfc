"""People's participation: NGOs, donors and industries, agencies' capacities, needs, pledges, matching.

One module per sub-domain; this package gathers them so that Django finds every model.
"""

from hamafza.participation.models.capacity import Capacity, ServiceKind
from hamafza.participation.models.matching import AllocationLine, AllocationProposal
from hamafza.participation.models.needs import Need, NeedCategory, Pledge, PledgeEvidence
from hamafza.participation.models.registry import (
    AchievementCall,
    AchievementFile,
    AchievementReport,
    Contact,
    Donor,
    NgoProfile,
    Recognition,
)

__all__ = [
    "AchievementCall",
    "AchievementFile",
    "AchievementReport",
    "AllocationLine",
    "AllocationProposal",
    "Capacity",
    "Contact",
    "Donor",
    "Need",
    "NeedCategory",
    "NgoProfile",
    "Pledge",
    "PledgeEvidence",
    "Recognition",
    "ServiceKind",
]
