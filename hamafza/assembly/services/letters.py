"""Letters of introduction (معرفی‌نامه): when the results are published, each elected NGO receives a
letter numbered in the assembly's series for the Jalali year («prefix/1404/12/007»), with a random
verification code that anyone can check on the public verification page, without signing in."""

import secrets

from django.db.models import Max
from django.utils import timezone

from hamafza.accounts.models import User
from hamafza.assembly.models import Assembly, Election, IntroductionLetter, ResultLine
from hamafza.audit import services as audit
from hamafza.lib.jalali import to_jalali
from hamafza.lib.persian import to_ascii_digits

CODE_DIGITS = 12


def new_verification_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def format_verification_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def letter_number(assembly: Assembly, year: int, serial: int) -> str:
    number = f"{year}/{assembly.pk}/{serial:03d}"
    return f"{assembly.letter_prefix}/{number}" if assembly.letter_prefix else number


def issue_letters(election: Election, *, by: User) -> list[IntroductionLetter]:
    """One letter per elected NGO, in the order of the results; called inside the publication's
    transaction, with the election locked (one numbering at a time per assembly)."""
    assembly = Assembly.objects.select_for_update().get(pk=election.assembly_id)
    today = timezone.localdate()
    year = to_jalali(today).year
    last = (
        IntroductionLetter.objects.filter(assembly=assembly, year=year).aggregate(m=Max("serial"))["m"] or 0
    )
    issued = []
    elected = (
        ResultLine.objects.filter(election=election, outcome=ResultLine.Outcome.ELECTED)
        .select_related("candidate__member__organization")
        .order_by("rank", "pk")
    )
    for offset, line in enumerate(elected, start=1):
        serial = last + offset
        while True:
            code = new_verification_code()
            if not IntroductionLetter.objects.filter(verification_code=code).exists():
                break
        letter = IntroductionLetter.objects.create(
            assembly=assembly,
            election=election,
            candidate=line.candidate,
            number=letter_number(assembly, year, serial),
            year=year,
            serial=serial,
            verification_code=code,
            issued_on=today,
            issued_by=by,
        )
        audit.record(
            actor=by,
            action="letter.issue",
            obj=letter,
            changes={"number": letter.number, "organization": line.candidate.member.organization},
            body_id=assembly.body_id,
        )
        issued.append(letter)
    return issued


def find_letter(text: str) -> IntroductionLetter | None:
    """The letter with this verification code, typed in any digits, with or without dashes."""
    code = "".join(ch for ch in to_ascii_digits(text or "") if ch.isdigit())
    if len(code) != CODE_DIGITS:
        return None
    return (
        IntroductionLetter.objects.select_related(
            "assembly__body", "election", "candidate__member__organization"
        )
        .filter(verification_code=code)
        .first()
    )
