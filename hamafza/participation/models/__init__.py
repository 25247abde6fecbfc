"""People's participation: NGOs, donors and industries, agencies' capacities, needs, pledges, matching.

One module per sub-domain; this package gathers them so that Django finds every model.
"""

from hamafza.participation.models.achievements import (
    AchievementCall,
    AchievementFile,
    AchievementReport,
    achievement_upload_to,
)
from hamafza.participation.models.capacity import Capacity, ServiceKind
from hamafza.participation.models.matching import AllocationLine, AllocationProposal
from hamafza.participation.models.needs import Need, NeedCategory
from hamafza.participation.models.pledges import Pledge, PledgeEvidence, pledge_evidence_upload_to
from hamafza.participation.models.registry import Contact, Donor, NgoProfile, Recognition

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
    "achievement_upload_to",
    "pledge_evidence_upload_to",
]
