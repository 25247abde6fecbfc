"""A person's data on request (issue 12): masked in lists and logs; an administrator exports and erases it,
the records and the audit log staying."""

import io
import json
import logging
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hamafza.accounts.models import User
from hamafza.accounts.services import privacy
from hamafza.audit import services as audit
from hamafza.audit.models import AuditEntry
from hamafza.lib.masking import PersonalDataFilter, mask_mobile, mask_national_id
from hamafza.meetings.models import Resolution
from hamafza.participation.models import Contact, Donor, Pledge
from hamafza.participation.services.public import make_public_offer

pytestmark = pytest.mark.django_db

PRIVACY_PAGES = ["accounts:privacy_search", "accounts:privacy_person", "accounts:privacy_export"]


def _export(client, kind, pk) -> dict:
    response = client.get(reverse("accounts:privacy_export", args=[kind, pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return json.loads(archive.read("person.json"))


# --- Masking ----------------------------------------------------------------------------------------


def test_a_log_record_with_a_mobile_and_a_national_id_comes_out_masked(caplog):
    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("hamafza.test.privacy")
    logger.addHandler(handler)
    try:
        logger.warning("offer from %s (%s) id %s", "09121234567", "+989351112233", "۰۴۹۹۳۷۰۸۹۹")
        logger.warning("پیامک به ۰۹۱۲۱۲۳۴۵۶۷ فرستاده نشد")
    finally:
        logger.removeHandler(handler)
    written = handler.stream.getvalue()
    assert written == "offer from 0912***4567 (+98935***2233) id ***۰۸۹۹\nپیامک به ۰۹۱۲***۴۵۶۷ فرستاده نشد\n"


def test_the_logging_configuration_masks_every_handler(settings):
    config = settings.LOGGING
    assert config["filters"]["personal_data"]["()"] == "hamafza.lib.masking.PersonalDataFilter"
    assert all("personal_data" in handler.get("filters", []) for handler in config["handlers"].values())


def test_a_history_list_shows_mobiles_and_national_ids_masked(client_for, secretary, viewer, resolution):
    audit.record(
        actor=secretary,
        action="resolution.update",
        obj=resolution,
        changes={"typed_mobile": [None, "09351112233"], "typed_national_id": [None, "0499370899"]},
        resolution_id=resolution.pk,
    )
    for user in (secretary, viewer):
        page = client_for(user).get(reverse("meetings:resolution_history", args=[resolution.pk]))
        text = page.content.decode()
        assert page.status_code == 200
        assert "۰۹۳۵***۲۲۳۳" in text and "***۰۸۹۹" in text
        assert "۰۹۳۵۱۱۱۲۲۳۳" not in text and "09351112233" not in text and "۰۴۹۹۳۷۰۸۹۹" not in text


def test_the_secretariat_reads_a_public_offers_typed_mobile_whole_on_the_pledge(
    client_for, approved_need, secretary
):
    pledge = make_public_offer(
        approved_need,
        name="بهرام نیکو",
        mobile="09351112233",
        national_id="0499370899",
        kind="money",
        value=1,
    )
    page = (
        client_for(secretary).get(reverse("participation:pledge_detail", args=[pledge.pk])).content.decode()
    )
    timeline = page.split('id="timeline"')[1].split("</ul>")[0]
    assert "۰۹۳۵۱۱۱۲۲۳۳" in timeline and "۰۴۹۹۳۷۰۸۹۹" in timeline


def test_the_api_list_masks_and_the_record_shows_in_full(client_for, secretary, donor):
    client = client_for(secretary)
    [row] = [
        r
        for r in client.get(reverse("api:participation-donor-list")).json()["results"]
        if r["id"] == donor.pk
    ]
    assert row["contact"]["mobile"] == mask_mobile(donor.mobile) == "0912***4567"
    assert row["contact"]["national_id"] == mask_national_id(donor.national_id) == "***0899"
    detail = client.get(reverse("api:participation-donor-detail", args=[donor.pk])).json()
    assert detail["contact"]["mobile"] == "09121234567"


# --- Access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretary", "officer", "viewer", "outsider", "donor_user"])
def test_only_an_administrator_reaches_the_privacy_pages(request, client_for, role, donor):
    client = client_for(request.getfixturevalue(role))
    for name in PRIVACY_PAGES:
        args = [] if name == "accounts:privacy_search" else ["donor", donor.pk]
        assert client.get(reverse(name, args=args), {"q": "0912"}).status_code == 404
    response = client.post(
        reverse("accounts:privacy_erase", args=["donor", donor.pk]), {"confirm": donor.name}
    )
    assert response.status_code == 404
    donor.refresh_from_db()
    assert donor.name == "علی رضایی" and donor.mobile == "09121234567"


def test_a_visitor_is_sent_to_sign_in(client, donor):
    response = client.get(reverse("accounts:privacy_person", args=["donor", donor.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Finding and exporting --------------------------------------------------------------------------


def test_the_search_finds_a_donor_by_mobile_in_persian_digits_and_lists_it_masked(client_for, admin, donor):
    page = client_for(admin).get(reverse("accounts:privacy_search"), {"q": "۰۹۱۲۱۲۳۴۵۶۷"}).content.decode()
    assert reverse("accounts:privacy_person", args=["donor", donor.pk]) in page
    assert "۰۹۱۲***۴۵۶۷" in page and "۰۹۱۲۱۲۳۴۵۶۷" not in page.split('id="people"')[1]


def test_the_export_holds_the_persons_records_and_nothing_of_another(
    client_for, admin, donor, other_donor, pledge, body, approved_need, other_donor_user
):
    other_pledge = Pledge.objects.create(
        donor=other_donor, body=body, need=approved_need, kind=Pledge.Kind.MONEY, value=5
    )
    data = _export(client_for(admin), "donor", donor.pk)
    records = data["records"]
    assert [row["pk"] for row in records["participation.donor"]] == [donor.pk]
    assert records["participation.donor"][0]["fields"]["mobile"] == "09121234567"
    assert [row["pk"] for row in records["participation.pledge"]] == [pledge.pk]
    assert [row["pk"] for row in records["accounts.user"]] == [donor.user_id]  # the donor's own account
    assert "password" not in records["accounts.user"][0]["fields"]
    text = json.dumps(data, ensure_ascii=False)
    assert other_donor.name not in text
    assert other_donor_user.username not in text
    assert other_pledge.pk not in [row["pk"] for row in records["participation.pledge"]]


# --- Erasing ----------------------------------------------------------------------------------------


def _counts():
    return (Resolution.objects.count(), Pledge.objects.count(), Donor.objects.count(), User.objects.count())


def test_erasing_a_donor_removes_personal_fields_keeps_the_records_and_redacts_the_audit_log(
    client_for, admin, donor, pledge, resolution, approved_need
):
    offer = make_public_offer(approved_need, name="علی رضایی", mobile="09121234567", kind="money", value=1)
    # The offer made its own donor record; this is the registered donor's own entry about itself.
    audit.record(actor=admin, action="donor.update", obj=donor, changes={"mobile": ["", donor.mobile]})
    before, entries = _counts(), AuditEntry.objects.count()
    entry_ids = set(AuditEntry.objects.values_list("pk", flat=True))
    client = client_for(admin)
    url = reverse("accounts:privacy_erase", args=["donor", donor.pk])

    wrong = client.post(url, {"confirm": "کسی دیگر"})
    assert wrong.status_code == 302
    donor.refresh_from_db()
    assert donor.mobile == "09121234567"

    assert client.post(url, {"confirm": "علی رضایی"}).status_code == 302
    donor.refresh_from_db()
    user = User.objects.get(pk=donor.user_id)
    erased = privacy.redacted()
    assert erased == "حذف‌شده به درخواست"
    assert (donor.name, donor.national_id, donor.mobile, donor.email, donor.address) == (
        erased,
        "",
        "",
        "",
        "",
    )
    assert not donor.is_active and not donor.may_contact and donor.consent_at is None
    assert (
        not user.is_active
        and not user.has_usable_password()
        and user.email == ""
        and user.first_name == erased
    )
    assert _counts() == before
    assert set(AuditEntry.objects.values_list("pk", flat=True)) >= entry_ids  # the ids stay
    assert AuditEntry.objects.count() == entries + 1
    erasure = AuditEntry.objects.get(action="person.erase")
    assert (
        erasure.actor == admin
        and erasure.object_id == donor.pk
        and "09121234567" not in json.dumps(erasure.changes)
    )
    about = AuditEntry.objects.filter(object_type="participation.donor", object_id=donor.pk)
    assert "09121234567" not in json.dumps(list(about.values("changes", "object_repr")), ensure_ascii=False)
    # The visitor's offer was made by another record (a public offer never claims one): it keeps its data.
    assert Pledge.objects.get(pk=offer.pk).donor.mobile == "09121234567"

    # A second erasure changes nothing more.
    snapshot = list(AuditEntry.objects.order_by("pk").values())
    assert client.post(url, {"confirm": erased}).status_code == 302
    assert list(AuditEntry.objects.order_by("pk").values()) == snapshot
    assert _counts() == before


def test_erasing_a_user_redacts_their_name_as_actor_and_keeps_their_resolutions(admin, secretary, resolution):
    resolutions = Resolution.objects.count()
    audit.record(actor=secretary, action="resolution.update", obj=resolution, changes={"title": ["a", "b"]})
    device = TOTPDevice.objects.create(user=secretary, name="phone", confirmed=True)
    exported = json.dumps(privacy.export_data(privacy.get_person("user", secretary.pk)))
    assert device.key not in exported and '"password"' not in exported
    privacy.erase(privacy.get_person("user", secretary.pk), by=admin)
    assert not TOTPDevice.objects.filter(user=secretary).exists()
    secretary.refresh_from_db()
    assert secretary.username == f"erased-{secretary.pk}" and not secretary.is_active
    assert Resolution.objects.count() == resolutions
    acted = AuditEntry.objects.filter(actor=secretary)
    assert acted.exists() and not acted.filter(actor_name="secretary").exists()


def test_the_command_finds_exports_and_erases_a_contact(tmp_path, admin, ngo, capsys):
    contact = Contact.objects.create(
        organization=ngo, name="سارا محمدی", mobile="09187654321", email="s@ngo.ir"
    )
    call_command("personal_data", "find", "09187654321")
    out = capsys.readouterr().out
    assert f"contact\t{contact.pk}\tسارا محمدی\t0918***4321" in out and "09187654321" not in out
    call_command("personal_data", "export", "contact", str(contact.pk), "--out", str(tmp_path / "p.zip"))
    with zipfile.ZipFile(tmp_path / "p.zip") as archive:
        assert (
            json.loads(archive.read("person.json"))["records"]["participation.contact"][0]["pk"] == contact.pk
        )
    call_command(
        "personal_data", "erase", "contact", str(contact.pk), "--by", "admin", "--confirm", "سارا محمدی"
    )
    contact.refresh_from_db()
    assert (contact.name, contact.mobile, contact.email) == ("حذف‌شده به درخواست", "", "")
    assert AuditEntry.objects.filter(action="person.erase", object_id=contact.pk).count() == 1
