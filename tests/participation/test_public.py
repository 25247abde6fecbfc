"""The public page: approved open needs only, filters and search, and a visitor's offer of help that waits
for the secretariat (donor found or registered, pledge offered, the secretariat told)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hamafza.accounts.models import Notification
from hamafza.audit.models import AuditEntry
from hamafza.participation import access
from hamafza.participation.models import Donor, Need, Pledge
from hamafza.participation.services import pledges
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.services.public import MOBILE_MESSAGE, NATIONAL_ID_MESSAGES, make_public_offer
from hamafza.participation.views.public import OFFERS_PER_WINDOW

pytestmark = pytest.mark.django_db

VALID_NATIONAL_ID = "0013542419"


def _need(body, organization, region, title, state, **extra):
    return Need.objects.create(
        body=body,
        organization=organization,
        region=region,
        category=extra.pop("category", "equipment"),
        title=title,
        description=extra.pop("description", "شرح " + title),
        justification="توجیه محرمانه " + title,
        estimated_cost=extra.pop("estimated_cost", 100_000_000),
        state=state,
        **extra,
    )


@pytest.fixture
def needs(approved_need, body, police, welfare, neighbourhood, other_neighbourhood, today):
    """One need in every state; approved_need (police, vehicle, 500,000,000 rials) is open."""
    return {
        "approved": approved_need,
        "partly_met": _need(
            body,
            welfare,
            other_neighbourhood,
            "کتابخانه سیار",
            Need.State.PARTLY_MET,
            category="services",
            estimated_cost=500_000_000,
            value_met=200_000_000,
            deadline=today + dt.timedelta(days=30),
        ),
        "proposed": _need(body, police, neighbourhood, "دوربین نظارتی پیشنهادی", Need.State.PROPOSED),
        "rejected": _need(body, police, neighbourhood, "ساختمان ردشده", Need.State.REJECTED),
        "withdrawn": _need(body, welfare, neighbourhood, "مشاور پس‌گرفته", Need.State.WITHDRAWN),
        "met": _need(body, welfare, neighbourhood, "کمک تأمین‌شده", Need.State.MET, value_met=100_000_000),
    }


def _listed(response) -> set[int]:
    assert response.status_code == 200
    return {need.pk for need in response.context["page"].object_list}


def test_lists_only_approved_open_needs_without_login(needs):
    response = Client().get(reverse("participation:public"))
    assert _listed(response) == {needs["approved"].pk, needs["partly_met"].pk}
    html = response.content.decode()
    for closed in ("proposed", "rejected", "withdrawn", "met"):
        assert needs[closed].title not in html
    # What is still lacking, in Persian digits with separators: 500,000,000 − 200,000,000.
    assert "۳۰۰٬۰۰۰٬۰۰۰" in html
    assert "۵۰۰٬۰۰۰٬۰۰۰" in html
    assert needs["partly_met"].organization.name in html


@pytest.mark.parametrize("state", ["proposed", "rejected", "withdrawn", "met"])
def test_detail_and_offer_of_a_closed_need_are_404(needs, state):
    pk = needs[state].pk
    client = Client()
    assert client.get(reverse("participation:public_need", args=[pk])).status_code == 404
    before = (Donor.objects.count(), Pledge.objects.count())
    response = client.post(reverse("participation:public_offer", args=[pk]), _offer())
    assert response.status_code == 404
    assert (Donor.objects.count(), Pledge.objects.count()) == before


def test_detail_shows_the_need_but_no_internal_data_or_donors(needs, pledge, other_donor, body, secretary):
    Pledge.objects.create(donor=other_donor, body=body, need=needs["approved"], value=1_000_000)
    response = Client().get(reverse("participation:public_need", args=[needs["approved"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    need = needs["approved"]
    assert need.title in html and need.region.name in html and need.organization.name in html
    assert need.justification not in html
    assert pledge.donor.name not in html and other_donor.name not in html
    # Deadline in Jalali, Persian digits.
    with translation.override("fa"):
        from hamafza.templatetags_builtins import jdate

        assert jdate(need.deadline, "long") in html
    listing = Client().get(reverse("participation:public")).content.decode()
    assert pledge.donor.name not in listing and need.justification not in listing


def test_filters_by_region_category_and_spelling_insensitive_search(needs, province, neighbourhood):
    client = Client()
    url = reverse("participation:public")
    both = {needs["approved"].pk, needs["partly_met"].pk}
    assert _listed(client.get(url, {"region": province.pk})) == both  # everything below the province
    assert _listed(client.get(url, {"region": neighbourhood.pk})) == {needs["approved"].pk}
    assert _listed(client.get(url, {"category": "services"})) == {needs["partly_met"].pk}
    # Arabic ك and ي, no ZWNJ, for «خودروی گشت برای کلانتری».
    assert _listed(client.get(url, {"q": "كلانتري"})) == {needs["approved"].pk}
    assert _listed(client.get(url, {"q": "خودروي  گشت"})) == {needs["approved"].pk}
    assert _listed(client.get(url, {"q": "کلانتری", "category": "services"})) == set()
    # The region choices are the regions of open needs and those above them, never a closed need's only.
    regions = dict(client.get(url).context["form"].fields["region"].choices)
    assert province.pk in regions and neighbourhood.pk in regions


def test_pagination_keeps_the_filters(body, police, neighbourhood):
    for i in range(25):
        _need(body, police, neighbourhood, f"نیاز شماره {i}", Need.State.APPROVED, category="cash")
    client = Client()
    first = client.get(reverse("participation:public"), {"category": "cash"})
    assert len(_listed(first)) == 20
    assert "?category=cash&page=2" in first.content.decode()
    second = client.get(reverse("participation:public"), {"category": "cash", "page": 2})
    assert len(_listed(second)) == 5


def _offer(**overrides) -> dict:
    data = {
        "name": "زهرا احمدی",
        "mobile": "۰۹۳۵ ۱۱۱ ۲۲۳۳",
        "national_id": "",
        "email": "zahra@example.org",
        "kind": "money",
        "value": "۵۰۰۰۰۰۰۰",
        "hours": "",
        "description": "برای خرید خودرو",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_offer_registers_a_donor_and_an_offered_pledge_and_tells_the_secretariat(
    needs, secretary, django_capture_on_commit_callbacks
):
    need = needs["approved"]
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("participation:public_offer", args=[need.pk]), _offer())
    assert response.status_code == 302
    assert response["Location"] == reverse("participation:public_thanks")

    donor = Donor.objects.get(mobile="09351112233")
    assert donor.body == need.body
    assert donor.name == "زهرا احمدی"
    assert donor.kind == Donor.Kind.PERSON
    assert donor.consent_at is not None
    assert donor.email == "zahra@example.org"
    assert not donor.is_anonymous
    pledge = Pledge.objects.get(donor=donor)
    assert pledge.state == Pledge.State.OFFERED
    assert pledge.source == Pledge.Source.PUBLIC
    assert (pledge.need, pledge.value, pledge.kind) == (need, 50_000_000, "money")
    assert pledge.created_by is None
    notes = Notification.objects.filter(user=secretary)
    assert notes.count() == 1
    assert "زهرا احمدی" in notes.get().title
    assert AuditEntry.objects.filter(action="donor.public_register", object_id=donor.pk).exists()
    typed = AuditEntry.objects.get(action="pledge.public_offer", object_id=pledge.pk)
    assert typed.changes["typed_name"] == [None, "زهرا احمدی"]

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    html = thanks.content.decode()
    assert "زهرا احمدی" in html and need.title in html and "۵۰٬۰۰۰٬۰۰۰" in html
    assert "09351112233" not in html and "zahra@example.org" not in html
    assert set(thanks.context["thanks"]) <= {
        "need",
        "title",
        "name",
        "anonymous",
        "kind",
        "value",
        "hours",
        "value_display",
    }
    # Shown once: opened again, it goes back to the list.
    again = client.get(reverse("participation:public_thanks"))
    assert again.status_code == 302 and again["Location"] == reverse("participation:public")


def test_a_repeated_offer_from_the_same_mobile_makes_a_record_each_for_the_secretariat_to_match(needs):
    client = Client()
    for need, mobile in ((needs["approved"], "09351112233"), (needs["partly_met"], "+98 935 111 2233")):
        response = client.post(
            reverse("participation:public_offer", args=[need.pk]), _offer(mobile=mobile, name="زهرا")
        )
        assert response.status_code == 302
    # A visitor proves nothing: no record is claimed, not even one the page made before (issue 12).
    assert Donor.objects.filter(mobile="09351112233").count() == 2
    assert Pledge.objects.filter(donor__mobile="09351112233").count() == 2


def test_a_known_donor_is_not_claimed_by_national_id(needs, donor):
    pledge = make_public_offer(
        needs["approved"],
        name="علی رضایی",
        mobile="09130000000",
        national_id="۰۴۹۹۳۷۰۸۹۹",
        kind="money",
        value=1_000_000,
    )
    assert pledge.donor != donor
    donor.refresh_from_db()
    assert donor.mobile == "09121234567"  # a visitor's typing never rewrites a donor's record


@pytest.mark.parametrize(
    "field, overrides, message",
    [
        ("mobile", {"mobile": "0912123"}, MOBILE_MESSAGE),
        ("mobile", {"mobile": "02188776655"}, MOBILE_MESSAGE),
        ("national_id", {"national_id": "0013542418"}, NATIONAL_ID_MESSAGES["checksum"]),
        ("national_id", {"national_id": "12345"}, NATIONAL_ID_MESSAGES["format"]),
        (
            "consent",
            {"consent": None},
            "Without your consent to keep your data the offer cannot be recorded.",
        ),
        ("value", {"value": ""}, "Enter the value of your offer in rials."),
        ("hours", {"kind": "time", "hours": ""}, "Say how many hours you offer."),
        ("description", {"kind": "goods", "description": ""}, "Say what goods you offer."),
    ],
)
def test_bad_offers_are_refused_in_persian_and_nothing_is_written(needs, field, overrides, message):
    before = (Donor.objects.count(), Pledge.objects.count())
    response = Client().post(
        reverse("participation:public_offer", args=[needs["approved"].pk]), _offer(**overrides)
    )
    assert response.status_code == 200
    with translation.override("fa"):
        assert response.context["form"].errors[field] == [gettext(message)]
    assert (Donor.objects.count(), Pledge.objects.count()) == before


def test_a_valid_national_id_is_kept(needs):
    Client().post(
        reverse("participation:public_offer", args=[needs["approved"].pk]),
        _offer(national_id="۰۰۱۳۵۴۲۴۱۹"),
    )
    assert Donor.objects.get(mobile="09351112233").national_id == VALID_NATIONAL_ID


def test_an_offer_above_what_the_need_lacks_is_refused_with_the_services_message(needs):
    response = Client().post(
        reverse("participation:public_offer", args=[needs["partly_met"].pk]), _offer(value="400000000")
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Pledge.objects.exists() and not Donor.objects.exists()


def test_the_honeypot_refuses(needs):
    response = Client().post(
        reverse("participation:public_offer", args=[needs["approved"].pk]),
        _offer(website="http://spam.example"),
    )
    assert response.status_code == 400
    assert not Donor.objects.exists() and not Pledge.objects.exists()


def test_a_session_may_make_only_a_few_offers_in_a_while(needs):
    client = Client()
    url = reverse("participation:public_offer", args=[needs["approved"].pk])
    for i in range(OFFERS_PER_WINDOW):
        assert client.post(url, _offer(mobile=f"0935111220{i}", value="1000")).status_code == 302
    response = client.post(url, _offer(mobile="09351112299", value="1000"))
    assert response.status_code == 429
    assert Pledge.objects.count() == OFFERS_PER_WINDOW
    assert not Donor.objects.filter(mobile="09351112299").exists()
    # Another visitor is not held back.
    assert Client().post(url, _offer(mobile="09351112299", value="1000")).status_code == 302


def test_an_anonymous_offer_hides_the_name_from_the_agency(needs, secretary, officer, client_for):
    need = needs["approved"]
    response = Client().post(reverse("participation:public_offer", args=[need.pk]), _offer(anonymous="on"))
    assert response.status_code == 302
    donor = Donor.objects.get(mobile="09351112233")
    assert donor.is_anonymous and donor.name == "زهرا احمدی"  # the secretariat still gets the name
    pledge = pledges.accept_offer(donor.pledges.get(), by=secretary)
    assert pledge.state == Pledge.State.PLEDGED
    assert access.may_see_donor_name(secretary, donor)
    assert not access.may_see_donor_name(officer, donor)
    # The agency reads the pledge made to its need, without the donor's name or contact data.
    body = (
        client_for(officer).get(reverse("api:participation-pledge-detail", args=[pledge.pk])).content.decode()
    )
    assert "زهرا" not in body and "09351112233" not in body and "zahra@" not in body
    assert (
        "زهرا احمدی"
        in client_for(secretary)
        .get(reverse("api:participation-pledge-detail", args=[pledge.pk]))
        .content.decode()
    )


def test_asking_anonymity_never_changes_a_known_donor(needs, donor):
    make_public_offer(
        needs["approved"], name="علی", mobile="09121234567", anonymous=True, kind="money", value=1_000
    )
    donor.refresh_from_db()
    assert not donor.is_anonymous
    assert not AuditEntry.objects.filter(action="donor.public_anonymous", object_id=donor.pk).exists()


def test_the_service_refuses_a_closed_need_and_bad_identifiers(needs):
    with pytest.raises(ParticipationError):
        make_public_offer(needs["met"], name="الف", mobile="09121111111", kind="money", value=1000)
    with pytest.raises(ParticipationError) as error:
        make_public_offer(needs["approved"], name="الف", mobile="12", kind="money", value=1000)
    assert error.value.code == "mobile"
    with pytest.raises(ParticipationError) as error:
        make_public_offer(
            needs["approved"],
            name="الف",
            mobile="09121111111",
            national_id="1111111111",
            kind="money",
            value=1,
        )
    assert error.value.code == "national_id"
    assert not Pledge.objects.exists() and not Donor.objects.exists()


def test_time_offer_keeps_the_hours(needs):
    response = Client().post(
        reverse("participation:public_offer", args=[needs["approved"].pk]),
        _offer(kind="time", hours="۱۲", value="۱۰۰۰۰۰۰", description="آموزش رایانه"),
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert (pledge.kind, pledge.hours, pledge.value) == ("time", 12, 1_000_000)


def test_signed_out_visitors_see_a_link_to_the_public_page(db):
    html = Client().get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("participation:public")}"' in html


def test_the_list_costs_a_fixed_number_of_queries(
    needs, body, police, neighbourhood, django_assert_num_queries
):
    for i in range(10):
        _need(body, police, neighbourhood, f"نیاز {i}", Need.State.APPROVED)
    client = Client()
    # * the regions of open needs
    # * the regions above them, one level per query: neighbourhoods, city, county, province
    # * the count of matching needs, and one page of them with region and agency
    with django_assert_num_queries(7):
        response = client.get(reverse("participation:public"))
    assert len(_listed(response)) == 12


def test_what_is_lacking_counts_the_pledges_already_made_and_a_fully_pledged_need_leaves_the_list(
    needs, donor, body, secretary
):
    need = needs["approved"]  # 500,000,000 rials lacking
    Pledge.objects.create(donor=donor, body=body, need=need, value=300_000_000, created_by=secretary)
    Pledge.objects.create(  # a cancelled pledge counts for nothing
        donor=donor, body=body, need=need, value=100_000_000, state=Pledge.State.CANCELLED
    )
    client = Client()
    page = client.get(reverse("participation:public_need", args=[need.pk]))
    with translation.override("fa"):
        assert "۲۰۰٬۰۰۰٬۰۰۰" in page.content.decode()
    assert need.pk in _listed(client.get(reverse("participation:public")))

    Pledge.objects.create(donor=donor, body=body, need=need, value=200_000_000, state=Pledge.State.DELIVERED)
    assert need.pk not in _listed(client.get(reverse("participation:public")))
    page = client.get(reverse("participation:public_need", args=[need.pk]))
    assert page.status_code == 200
    assert 'id="fully-pledged"' in page.content.decode()
    assert reverse("participation:public_offer", args=[need.pk]) not in page.content.decode()
