"""The results of an election as an Excel workbook, in Persian, right to left: the results, the
figures of the count, who voted and how (never what), and the published tracking fingerprints."""

from io import BytesIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from hamafza.assembly.models import Election, ResultLine, VoterRecord
from hamafza.assembly.services import ballots
from hamafza.lib.jalali import format_jalali
from hamafza.lib.spreadsheets import save_workbook
from hamafza.reports.excel import _sheet


def _when(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{format_jalali(local)} {local:%H:%M}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def _results(workbook: Workbook, election: Election) -> None:
    ws = _sheet(
        workbook,
        _("Results"),
        [
            (_("Rank"), 8),
            (_("NGO"), 46),
            (_("Region"), 20),
            (_("Votes"), 10),
            (_("Share of valid ballots"), 14),
            (_("Outcome"), 26),
        ],
        first=True,
    )
    for line in ResultLine.objects.filter(election=election).select_related(
        "candidate__member__organization__region"
    ):
        organization = line.candidate.member.organization
        share = line.votes / election.valid_count if election.valid_count else None
        ws.append(
            [
                line.rank,
                organization.name,
                organization.region.name,
                line.votes,
                share,
                line.get_outcome_display(),
            ]
        )
        ws.cell(row=ws.max_row, column=5).number_format = "0.0%"
        if line.outcome == ResultLine.Outcome.ELECTED:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
    ws.auto_filter.ref = ws.dimensions


def _figures(workbook: Workbook, election: Election) -> None:
    ws = _sheet(workbook, _("Figures"), [(_("Item"), 40), (_("Value"), 40)])
    channels = dict(VoterRecord.Channel.choices)
    by_channel = {
        channel: VoterRecord.objects.filter(election=election, channel=channel).count()
        for channel in channels
    }
    rows = [
        (_("Assembly"), election.assembly.name),
        (_("Election"), election.title),
        (_("Seats"), election.seats),
        (_("Choices on a ballot"), election.max_choices),
        (_("Voting opened"), _when(election.voting_opened_at)),
        (_("Voting closed"), _when(election.voting_closed_at)),
        (_("Counted"), _when(election.counted_at)),
        (_("Eligible member NGOs"), election.eligible_count),
        (_("Member NGOs who voted"), election.voters_count),
        *(
            (_("Voted %(channel)s") % {"channel": label}, by_channel[channel])
            for channel, label in channels.items()
        ),
        (_("Turnout"), election.turnout / 100 if election.turnout is not None else None),
        (_("Ballots"), election.ballots_count),
        (_("Valid ballots"), election.valid_count),
        (_("Blank ballots"), election.blank_count),
        (_("Ballots with too many choices"), election.overvote_count),
        (_("Spoiled paper ballots"), election.spoiled_count),
    ]
    for label, value in rows:
        ws.append([str(label), value])
        if label == _("Turnout"):
            ws.cell(row=ws.max_row, column=2).number_format = "0.0%"


def _voters(workbook: Workbook, election: Election) -> None:
    ws = _sheet(workbook, _("Who voted"), [(_("NGO"), 46), (_("Region"), 20), (_("How"), 18)])
    for record in (
        VoterRecord.objects.filter(election=election)
        .select_related("member__organization__region")
        .order_by("member__organization__name")
    ):
        organization = record.member.organization
        ws.append([organization.name, organization.region.name, record.get_channel_display()])


def _fingerprints(workbook: Workbook, election: Election) -> None:
    ws = _sheet(workbook, _("Tracking fingerprints"), [(_("Fingerprint"), 18)])
    for fingerprint in ballots.published_fingerprints(election):
        ws.append([fingerprint])
    for number in ballots.counted_paper_numbers(election):
        ws.append([str(_("Paper ballot %(n)s") % {"n": number})])


def render(election: Election) -> bytes:
    with translation.override("fa"):
        workbook = Workbook()
        _results(workbook, election)
        _figures(workbook, election)
        _voters(workbook, election)
        _fingerprints(workbook, election)
        workbook.properties.title = election.title
        buffer = BytesIO()
        save_workbook(workbook, buffer)
    return buffer.getvalue()
