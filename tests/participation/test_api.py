"""The participation API for every role of the cast: what each list shows, which details answer (404
outside the user's scope), donors' names and contact data hidden as on the pages, who may propose,
approve and turn down needs, and the public needs without signing in."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hamafza.lib.masking import mask_address, mask_email, mask_mobile, mask_national_id
from hamafza.meetings.models import Body
from hamafza.participation import access
from hamafza.participation.models import Capacity, Donor, Need, NgoProfile, Pledge, ServiceKind
from hamafza.participation.services import pledges
from hamafza.places.models import Region

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "secretary",
    "officer",
    "other_officer",
    "viewer",
    "outsider",
    "donor_user",
    "other_donor_user",
    "anonymous",
]
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


@pytest.fixture
def api_as(request):
    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return make


@pytest.fixture
def world(
    body,
    police,
    welfare,
    neighbourhood,
    approved_need,
    pledge,
    donor,
    other_donor,
    other_province,
    outsider_org,
):
    """Our body's needs, pledges and donors, and a far body's (whose people are none of the cast)."""
    welfare_need = Need.objects.create(
        body=body,
        organization=welfare,
        region=neighbourhood,
        category="services",
        title="مشاور مدرسه",
        justification="ترک تحصیل",
        estimated_cost=80_000_000,
    )
    other_pledge = Pledge.objects.create(
        donor=other_donor, body=body, need=approved_need, kind=Pledge.Kind.MONEY, value=10_000_000
    )
    offered = Pledge.objects.create(
        donor=donor,
        body=body,
        need=approved_need,
        value=5_000_000,
        state=Pledge.State.OFFERED,
        source=Pledge.Source.PUBLIC,
    )
    far_neighbourhood = Region.objects.create(
        name="محله دوردست", kind="neighbourhood", code="F-1", parent=other_province, population=5000
    )
    far_body = Body.objects.create(
        name="قرارگاه دوردست", kind="headquarters", region=other_province, secretariat=outsider_org
    )
    far_need = Need.objects.create(
        body=far_body,
        region=far_neighbourhood,
        category="cash",
        title="نیاز محله دوردست",
        justification="-",
        estimated_cost=9_000_000,
        state=Need.State.APPROVED,
    )
    far_donor = Donor.objects.create(name="خیر دوردست", body=far_body, mobile="09170000000")
    far_pledge = Pledge.objects.create(donor=far_donor, body=far_body, need=far_need, value=1_000_000)
    return {
        "need": ("need", approved_need.pk),
        "welfare_need": ("need", welfare_need.pk),
        "far_need": ("need", far_need.pk),
        "pledge": ("pledge", pledge.pk),
        "other_pledge": ("pledge", other_pledge.pk),
        "offered": ("pledge", offered.pk),
        "far_pledge": ("pledge", far_pledge.pk),
        "donor": ("donor", donor.pk),
        "other_donor": ("donor", other_donor.pk),
        "far_donor": ("donor", far_donor.pk),
    }


OURS = {"need", "welfare_need", "pledge", "other_pledge", "offered", "donor", "other_donor"}
VISIBLE = {
    "admin": OURS | {"far_need", "far_pledge", "far_donor"},
    "secretary": OURS,
    "viewer": OURS,
    # The police see their need and the pledges made to it once pledged (not an offer still waiting).
    "officer": {"need", "pledge", "other_pledge"},
    "other_officer": {"welfare_need"},
    "outsider": set(),
    "donor_user": {"pledge", "offered", "donor"},
    "other_donor_user": {"other_pledge", "other_donor"},
    "anonymous": set(),
}


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("kind", ["need", "pledge", "donor"])
@pytest.mark.parametrize("role", ROLES)
def test_lists_show_exactly_what_the_user_may_see(api_as, world, role, kind):
    response = api_as(role).get(reverse(f"api:participation-{kind}-list"))
    if role == "anonymous":
        assert response.status_code in (401, 403)
        assert "results" not in response.json()
        return
    expected = {pk for name, (k, pk) in world.items() if k == kind and name in VISIBLE[role]}
    assert {row["id"] for row in _results(response)} == expected


@pytest.mark.parametrize("name", sorted(OURS | {"far_need", "far_pledge", "far_donor"}))
@pytest.mark.parametrize("role", ROLES)
def test_detail_answers_in_scope_and_404_outside(api_as, world, role, name):
    kind, pk = world[name]
    response = api_as(role).get(reverse(f"api:participation-{kind}-detail", args=[pk]))
    if role == "anonymous":
        assert response.status_code in (401, 403)
    elif name in VISIBLE[role]:
        assert response.status_code == 200
        assert response.json()["id"] == pk
    else:
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_donor_names_and_contacts_follow_the_access_rules(request, api_as, world, role, other_donor, donor):
    user = request.getfixturevalue(role)
    client = api_as(role)
    names = {}
    for row in _results(client.get(reverse("api:participation-pledge-list"))):
        names.setdefault(row["donor"]["id"], set()).add(row["donor"]["name"])
    for row in _results(client.get(reverse("api:participation-donor-list"))):
        names.setdefault(row["id"], set()).add(row["name"])
        record = Donor.objects.get(pk=row["id"])
        knows = role in ("admin", "secretary") or record.user_id == user.pk
        # The list masks identifiers and contact data (issue 12); the donor's own record shows them whole.
        assert row["contact"] == (
            {
                "national_id": mask_national_id(record.national_id),
                "legal_id": record.legal_id,
                "mobile": mask_mobile(record.mobile),
                "email": mask_email(record.email),
                "postal_code": mask_national_id(record.postal_code),
                "address": mask_address(record.address),
            }
            if knows
            else None
        )
        if record.mobile and knows:
            assert record.mobile not in str(row)
        detail = client.get(reverse("api:participation-donor-detail", args=[record.pk])).json()
        assert detail["contact"] == (
            {
                "national_id": record.national_id,
                "legal_id": record.legal_id,
                "mobile": record.mobile,
                "email": record.email,
                "postal_code": record.postal_code,
                "address": record.address,
            }
            if knows
            else None
        )
    with translation.override("fa"):
        hidden = gettext("Anonymous donor")
    for found in (donor, other_donor):
        if found.pk in names:
            assert names[found.pk] == {found.name if access.may_see_donor_name(user, found) else hidden}
    # The anonymous other_donor is named to the secretariat, the administrator and itself only.
    if other_donor.pk in names:
        assert (names[other_donor.pk] == {other_donor.name}) == (
            role in ("admin", "secretary", "other_donor_user")
        )
    else:
        assert role in ("other_officer", "outsider", "donor_user")


def test_a_viewer_cannot_find_an_anonymous_donor_or_a_mobile_by_searching(api_as, world, donor, other_donor):
    url = reverse("api:participation-donor-list")
    viewer, secretary = api_as("viewer"), api_as("secretary")
    assert [r["id"] for r in _results(viewer.get(url, {"q": "مریم"}))] == []
    assert [r["id"] for r in _results(secretary.get(url, {"q": "مريم"}))] == [other_donor.pk]
    assert [r["id"] for r in _results(viewer.get(url, {"q": "09121234567"}))] == []
    assert [r["id"] for r in _results(secretary.get(url, {"q": "۰۹۱۲۱۲۳۴۵۶۷"}))] == [donor.pk]
    assert [r["id"] for r in _results(viewer.get(url, {"q": "رضايي"}))] == [donor.pk]


# --- NGOs and capacities: every signed-in user reads them ------------------------------------------


@pytest.fixture
def registry(ngo_profile, ngo, police, neighbourhood, province, today):
    lapsed = NgoProfile.objects.create(
        organization=ngo.__class__.objects.create(name="کانون قدیمی", region=province, kind="ngo"),
        registration_number="۹۹",
        licence_authority="بهزیستی",
        licence_expires=today - dt.timedelta(days=1),
    )
    service = ServiceKind.objects.create(
        code="counselling", name="مشاوره", name_en="Counselling", unit="hours"
    )
    capacity = Capacity.objects.create(organization=police, service=service, region=neighbourhood, amount=20)
    return {"current": ngo_profile, "lapsed": lapsed, "capacity": capacity}


@pytest.mark.parametrize("role", ROLES)
def test_ngos_and_capacities_are_read_by_every_signed_in_user(api_as, registry, role):
    client = api_as(role)
    urls = [
        reverse("api:participation-ngo-list"),
        reverse("api:participation-ngo-detail", args=[registry["current"].pk]),
        reverse("api:participation-capacity-list"),
        reverse("api:participation-capacity-detail", args=[registry["capacity"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (403 if role == "anonymous" else 200), url
        if role != "anonymous":
            assert set(response.json()) != {"detail"}


def test_ngo_licence_expiry_is_flagged_and_filtered(api_as, registry):
    client = api_as("officer")
    rows = {r["id"]: r for r in _results(client.get(reverse("api:participation-ngo-list")))}
    assert rows[registry["lapsed"].pk]["licence_expired"] is True
    assert rows[registry["current"].pk]["licence_expired"] is False
    expired = _results(client.get(reverse("api:participation-ngo-list"), {"licence_expired": "true"}))
    assert [r["id"] for r in expired] == [registry["lapsed"].pk]
    found = _results(client.get(reverse("api:participation-ngo-list"), {"q": "كانون"}))
    assert [r["id"] for r in found] == [registry["lapsed"].pk]


def test_capacity_filters(api_as, registry, province, other_province, neighbourhood):
    client = api_as("viewer")
    url = reverse("api:participation-capacity-list")
    pk = registry["capacity"].pk
    assert [r["id"] for r in _results(client.get(url, {"service": "counselling"}))] == [pk]
    assert [r["id"] for r in _results(client.get(url, {"service": "library"}))] == []
    assert [r["id"] for r in _results(client.get(url, {"area": province.pk}))] == [pk]
    assert [r["id"] for r in _results(client.get(url, {"area": other_province.pk}))] == []
    row = _results(client.get(url, {"region": neighbourhood.pk}))[0]
    assert row["service"]["code"] == "counselling" and row["amount"] == "20.00"


# --- Public needs: no sign-in ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_public_needs_need_no_sign_in_and_show_only_approved_open_needs(api_as, world, role):
    client = api_as(role)
    rows = _results(client.get(reverse("api:participation-public-need-list")))
    assert {r["id"] for r in rows} == {world["need"][1], world["far_need"][1]}
    for row in rows:
        assert set(row) == {
            "id",
            "title",
            "description",
            "category",
            "region",
            "organization",
            "value_lacking",
            "open_to_offers",
            "deadline",
            "deadline_jalali",
        }
    assert (
        client.get(reverse("api:participation-public-need-detail", args=[world["need"][1]])).status_code
        == 200
    )
    closed = reverse("api:participation-public-need-detail", args=[world["welfare_need"][1]])
    assert client.get(closed).status_code == 404


def test_public_needs_filters(world, province, neighbourhood):
    client = Client()
    url = reverse("api:participation-public-need-list")
    assert {r["id"] for r in _results(client.get(url, {"region": province.pk}))} == {world["need"][1]}
    assert {r["id"] for r in _results(client.get(url, {"category": "cash"}))} == {world["far_need"][1]}
    assert {r["id"] for r in _results(client.get(url, {"q": "كلانتري"}))} == {world["need"][1]}
    row = _results(client.get(url, {"region": neighbourhood.pk}))[0]
    assert row["value_lacking"] == 500_000_000 and row["organization"] == "فرماندهی انتظامی استان"
    assert row["open_to_offers"] == pledges.need_room(Need.objects.get(pk=row["id"])) < 500_000_000


# --- Writes: proposing, approving, turning down ---------------------------------------------------

PROPOSE = {
    "admin": 201,
    "secretary": 201,
    "officer": 201,  # for its own agency
    "other_officer": 403,  # another agency's need
    "viewer": 403,
    "outsider": 404,  # does not see the body
    "donor_user": 404,
    "other_donor_user": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_propose_need(api_as, world, role, body, police, neighbourhood, today):
    before = Need.objects.count()
    response = api_as(role).post(
        reverse("api:participation-need-list"),
        {
            "body": body.pk,
            "organization": police.pk,
            "region": neighbourhood.pk,
            "category": "equipment",
            "title": "بی‌سیم برای گشت",
            "justification": "ارتباط گشت‌ها",
            "estimated_cost": 30_000_000,
            "deadline": "1500/01/15",
        },
        content_type="application/json",
    )
    expected = {401, 403} if role == "anonymous" else {PROPOSE[role]}
    assert response.status_code in expected, response.content
    assert Need.objects.count() == before + (1 if response.status_code == 201 else 0)
    if response.status_code == 201:
        need = Need.objects.get(pk=response.json()["id"])
        assert (need.state, need.organization, need.body) == (Need.State.PROPOSED, police, body)
        assert response.json()["deadline_jalali"] == "1500/01/15"


def test_propose_refusal_is_a_400_with_the_services_message(api_as, world, body, police, other_province):
    elsewhere = Region.objects.create(
        name="جای دیگر", kind="neighbourhood", code="F-9", parent=other_province
    )
    response = api_as("officer").post(
        reverse("api:participation-need-list"),
        {
            "body": body.pk,
            "organization": police.pk,
            "region": elsewhere.pk,
            "category": "equipment",
            "title": "بی‌سیم",
            "justification": "ارتباط",
            "estimated_cost": 1000,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "region"
    assert not Need.objects.filter(title="بی‌سیم").exists()


DECIDE = {
    "admin": 200,
    "secretary": 200,
    "viewer": 403,
    "other_officer": 403,  # sees its own proposed need, may not decide on it
    "officer": 404,
    "outsider": 404,
    "donor_user": 404,
    "other_donor_user": 404,
}


@pytest.mark.parametrize(
    "action, data, state",
    [("approve", {"note": "تأیید"}, "approved"), ("reject", {"reason": "تکراری"}, "rejected")],
)
@pytest.mark.parametrize("role", ROLES)
def test_approve_and_reject(api_as, world, role, action, data, state):
    pk = world["welfare_need"][1]
    response = api_as(role).post(
        reverse(f"api:participation-need-{action}", args=[pk]), data, content_type="application/json"
    )
    expected = {401, 403} if role == "anonymous" else {DECIDE[role]}
    assert response.status_code in expected, response.content
    need = Need.objects.get(pk=pk)
    assert need.state == (state if response.status_code == 200 else "proposed")
    if response.status_code == 200:
        assert response.json()["state"] == state


def test_decisions_the_rules_refuse_are_400(api_as, world):
    client = api_as("secretary")
    already = client.post(
        reverse("api:participation-need-approve", args=[world["need"][1]]),
        {},
        content_type="application/json",
    )
    assert already.status_code == 400 and already.json()["code"] == "state"
    no_reason = client.post(
        reverse("api:participation-need-reject", args=[world["welfare_need"][1]]),
        {"reason": ""},
        content_type="application/json",
    )
    assert no_reason.status_code == 400
    assert Need.objects.get(pk=world["welfare_need"][1]).state == "proposed"


def test_the_schema_lists_the_participation_endpoints(api_as):
    schema = api_as("admin").get(reverse("api-schema"), {"format": "json"}).json()
    paths = set(schema["paths"])
    for path in (
        "/api/participation/needs/",
        "/api/participation/needs/{id}/approve/",
        "/api/participation/pledges/",
        "/api/participation/donors/",
        "/api/participation/ngos/",
        "/api/participation/capacities/",
        "/api/participation/public-needs/",
    ):
        assert path in paths
