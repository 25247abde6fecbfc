"""Letters of introduction: the PDF for those who may read it, and the public page (no sign-in) that
confirms a letter by its verification code."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from hamafza.assembly import access
from hamafza.assembly.exports import letters as letter_pdfs
from hamafza.assembly.forms.letters import VerifyForm
from hamafza.assembly.services import letters as services
from hamafza.assembly.views.results import attachment


@login_required
def letter_pdf(request, pk):
    letter = access.letter_for_user(request.user, pk)
    ngo = "".join(ch for ch in letter.candidate.member.organization.name if ch not in '\\/:*?"<>|\r\n\t')
    return attachment(
        letter_pdfs.render(letter, site=request.build_absolute_uri("/")),
        "application/pdf",
        f"letter-{letter.pk}.pdf",
        f"{_('Letter of introduction')} - {ngo}.pdf",
    )


def verify(request):
    """Anyone holding a letter may check it: its number, date, NGO and election, nothing else."""
    form = VerifyForm(request.GET or None)
    letter = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        letter = services.find_letter(form.cleaned_data["code"])
    return render(
        request, "assembly/letters/verify.html", {"form": form, "letter": letter, "searched": searched}
    )
