"""A letter of introduction (معرفی‌نامه) as a PDF in the letterhead of the convening body: its number,
date and verification code, the elected NGO and the election, and the signatory."""

from django.urls import reverse

from hamafza.assembly.exports import pdf
from hamafza.assembly.models import IntroductionLetter, ResultLine
from hamafza.assembly.services.letters import format_verification_code
from hamafza.participation.models import NgoProfile


def render(letter: IntroductionLetter, *, site: str = "") -> bytes:
    """`site`: the address the verification page is reached at (https://…), printed with the code."""
    organization = letter.candidate.member.organization
    line = ResultLine.objects.filter(election=letter.election, candidate=letter.candidate).first()
    return pdf(
        "assembly/letters/letter_pdf.html",
        {
            "letter": letter,
            "assembly": letter.assembly,
            "election": letter.election,
            "organization": organization,
            "profile": NgoProfile.objects.filter(organization=organization).first(),
            "votes": line.votes if line else None,
            "code": format_verification_code(letter.verification_code),
            "verify_url": site.rstrip("/") + reverse("assembly:verify"),
        },
    )
