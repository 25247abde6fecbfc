"""NGO assemblies and their elections. One module per sub-domain; this package gathers them so that
Django finds every model."""

from hamafza.assembly.models.assemblies import Assembly, Member, SessionAttendance
from hamafza.assembly.models.ballots import Ballot, PaperEntry, VoterRecord
from hamafza.assembly.models.elections import (
    Candidate,
    Confirmation,
    Election,
    Official,
    ResultLine,
    TieBreak,
)
from hamafza.assembly.models.letters import IntroductionLetter
from hamafza.assembly.models.nominations import Nomination

__all__ = [
    "Assembly",
    "Ballot",
    "Candidate",
    "Confirmation",
    "Election",
    "IntroductionLetter",
    "Member",
    "Nomination",
    "Official",
    "PaperEntry",
    "ResultLine",
    "SessionAttendance",
    "TieBreak",
    "VoterRecord",
]
