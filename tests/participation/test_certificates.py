"""The donor's papers: a receipt and a recognition certificate, real PDFs in Persian, downloadable only
by whoever may see the donor's name."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from hamafza.lib.persian import to_persian_digits
from hamafza.participation.exports import pledges as certificates
from hamafza.participation.services import pledges as services
from hamafza.participation.services.common import UploadedFile

pytestmark = pytest.mark.django_db

PDF = UploadedFile("receipt.pdf", b"%PDF-1.4\n%evidence\n")


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def has_persian(text: str, phrase: str) -> bool:
    """pdfplumber gives right-to-left words in visual order (reversed letters)."""
    return phrase in text or " ".join(word[::-1] for word in reversed(phrase.split())) in text


@pytest.fixture
def verified(pledge, officer):
    return services.record_delivery(pledge, by=officer, value=150_000_000, files=[PDF])


@pytest.fixture
def anonymous_verified(other_donor, body, approved_need, secretary, officer):
    pledge = services.record_pledge(
        by=secretary, donor=other_donor, body=body, value=20_000_000, kind="money", need=approved_need
    )
    return services.record_delivery(pledge, by=officer, value=20_000_000, files=[PDF])


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "صفر"),
        (7, "هفت"),
        (15, "پانزده"),
        (120, "یکصد و بیست"),
        (2_500_000, "دو میلیون و پانصد هزار"),
        (150_000_000, "یکصد و پنجاه میلیون"),
        (1_002_003, "یک میلیون و دو هزار و سه"),
        (3_000_000_000, "سه میلیارد"),
    ],
)
def test_number_in_words(number, words):
    assert certificates.number_in_words(number) == words


def test_certificate_is_a_persian_pdf_naming_the_donor_and_its_number(verified, donor):
    text = pdf_text(certificates.certificate_pdf(verified))
    assert has_persian(text, donor.name)
    assert to_persian_digits(verified.certificate_number) in text
    assert "۱۵۰٬۰۰۰٬۰۰۰" in text
    assert has_persian(text, "یکصد و پنجاه میلیون")


def test_receipt_shows_what_was_given_and_where(verified, donor, police):
    text = pdf_text(certificates.receipt_pdf(verified))
    assert has_persian(text, donor.name)
    assert has_persian(text, police.name)
    assert "۲۰۰٬۰۰۰٬۰۰۰" in text and "۱۵۰٬۰۰۰٬۰۰۰" in text
    assert to_persian_digits(verified.certificate_number) in text


def test_receipt_for_a_delivered_pledge_awaiting_verification(pledge, donor_user, donor):
    pledge = services.record_delivery(pledge, by=donor_user, value=200_000_000)
    text = pdf_text(certificates.receipt_pdf(pledge))
    assert has_persian(text, donor.name)
    with pytest.raises(ValueError):
        certificates.certificate_pdf(pledge)


def test_anonymous_donor_is_named_on_its_own_certificate(anonymous_verified, other_donor):
    assert has_persian(pdf_text(certificates.certificate_pdf(anonymous_verified)), other_donor.name)


def test_pdf_loads_nothing_but_the_local_fonts():
    from hamafza.reports.pdf import RefusedURL, local_fonts_only

    with pytest.raises(RefusedURL):
        local_fonts_only("https://fonts.example.org/x.ttf")


# The views


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("secretary", 200),
        ("viewer", 200),
        ("officer", 200),
        ("donor_user", 200),
        ("other_officer", 404),
        ("outsider", 404),
        ("other_donor_user", 404),
    ],
)
@pytest.mark.parametrize("name", ["participation:pledge_receipt", "participation:pledge_certificate"])
def test_named_donor_papers_for_whoever_sees_the_pledge(request, client_for, verified, role, status, name):
    response = client_for(request.getfixturevalue(role)).get(reverse(name, args=[verified.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("secretary", 200),
        ("other_donor_user", 200),
        ("viewer", 404),
        ("officer", 404),
        ("donor_user", 404),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("name", ["participation:pledge_receipt", "participation:pledge_certificate"])
def test_anonymous_donor_papers_only_for_the_donor_secretariat_and_admin(
    request, client_for, anonymous_verified, role, status, name
):
    response = client_for(request.getfixturevalue(role)).get(reverse(name, args=[anonymous_verified.pk]))
    assert response.status_code == status


def test_papers_refused_before_their_state(client_for, pledge, donor_user, secretary):
    client = client_for(secretary)
    for name in ("participation:pledge_receipt", "participation:pledge_certificate"):
        response = client.get(reverse(name, args=[pledge.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("participation:pledge_detail", args=[pledge.pk])
    services.record_delivery(pledge, by=donor_user, value=10)
    assert client.get(reverse("participation:pledge_receipt", args=[pledge.pk])).status_code == 200
    assert client.get(reverse("participation:pledge_certificate", args=[pledge.pk])).status_code == 302


def test_signed_out_visitor_gets_no_paper(client, verified):
    response = client.get(reverse("participation:pledge_certificate", args=[verified.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
