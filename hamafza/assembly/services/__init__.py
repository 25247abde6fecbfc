"""The assembly's state changes: one module per sub-domain. Pages, the API, commands and the demo call
these; each checks who may do it and whether the state allows it, writes the audit entry and tells
whoever must know after the transaction commits."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "assembly.create": _("Assembly created"),
    "assembly.update": _("Assembly edited"),
    "assembly.representatives": _("Representative and substitute named"),
    "assembly.attendance": _("Attendance of a session recorded"),
    "nomination.create": _("NGO nominated"),
    "nomination.accept": _("Nomination accepted"),
    "nomination.refuse": _("Nomination not accepted"),
    "election.create": _("Election created"),
    "election.update": _("Election edited"),
    "election.official": _("Election official named"),
    "election.official_remove": _("Election official removed"),
    "election.open_candidacy": _("Candidacy opened"),
    "election.close_candidacy": _("Candidacy closed"),
    "election.open_voting": _("Voting opened"),
    "election.close_voting": _("Voting closed"),
    "election.count": _("Votes counted"),
    "election.confirm": _("Results signed by a supervisor"),
    "election.confirmed": _("Results confirmed"),
    "election.publish": _("Results published"),
    "election.lots": _("Drawing of lots recorded"),
    "election.runoff": _("Second round called"),
    "candidate.stand": _("Candidacy registered"),
    "candidate.update": _("Candidate's programme changed"),
    "candidate.withdraw": _("Candidacy withdrawn"),
    "candidate.refuse": _("Candidate not admitted"),
    "ballot.voter": _("Member NGO voted"),
    "ballot.cast": _("A ballot was cast"),
    "ballot.paper_voter": _("Paper ballot handed to a member NGO"),
    "ballot.paper_entry": _("Paper ballot entered by a teller"),
    "ballot.paper_counted": _("Paper ballot reconciled"),
    "letter.issue": _("Letter of introduction issued"),
}
