"""The election's minutes (صورتجلسه انتخابات) as a Persian PDF: the session, the figures of the count,
the votes of every candidate, the elected and the substitutes, how any tie was resolved, and the
supervisors' and tellers' names with a line for each signature."""

from hamafza.assembly.exports import pdf
from hamafza.assembly.models import Election, Official, ResultLine, VoterRecord


def render(election: Election) -> bytes:
    lines = list(
        ResultLine.objects.filter(election=election).select_related("candidate__member__organization__region")
    )
    signed = {c.user_id: c.confirmed_at for c in election.confirmations.all()}
    officials = list(election.officials.select_related("user"))
    for official in officials:
        official.signed_at = signed.get(official.user_id)
    channels = dict(VoterRecord.Channel.choices)
    names = {line.candidate_id: line.candidate.member.organization.name for line in lines}
    breaks = [
        {"tie_break": tie_break, "order": [names.get(pk, "") for pk in tie_break.order]}
        for tie_break in election.tie_breaks.select_related("recorded_by", "runoff")
    ]
    return pdf(
        "assembly/results/minutes_pdf.html",
        {
            "election": election,
            "assembly": election.assembly,
            "meeting": election.meeting,
            "lines": lines,
            "elected": [line for line in lines if line.outcome == ResultLine.Outcome.ELECTED],
            "substitutes": [line for line in lines if line.outcome == ResultLine.Outcome.SUBSTITUTE],
            "supervisors": [o for o in officials if o.role == Official.Role.SUPERVISOR],
            "tellers": [o for o in officials if o.role == Official.Role.TELLER],
            "by_channel": [
                (label, VoterRecord.objects.filter(election=election, channel=channel).count())
                for channel, label in channels.items()
            ],
            "breaks": breaks,
        },
    )
