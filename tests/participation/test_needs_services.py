"""Needs: every state change of hamafza.participation.services.needs and every refusal, with the audit
entries and the notifications they send."""

import datetime as dt

import pytest
from django.utils import translation

from hamafza.accounts.models import Notification
from hamafza.audit.labels import ACTIONS
from hamafza.audit.models import AuditEntry
from hamafza.participation.models import Need, Pledge
from hamafza.participation.services import needs as services
from hamafza.participation.services.common import ParticipationError
from hamafza.places.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """The refusals are compared with their English msgids (Persian is checked by the catalogue)."""
    with translation.override("en"):
        yield


def _fields(**overrides):
    return {
        "category": "equipment",
        "title": "دوربین مداربسته برای پارک محله",
        "justification": "سرقت‌های شبانه در پارک",
        "estimated_cost": 80_000_000,
        **overrides,
    }


def _propose(by, body, organization, region, **overrides):
    return services.propose_need(
        by=by, body=body, organization=organization, region=region, **_fields(**overrides)
    )


def _code(excinfo) -> str:
    return excinfo.value.code


def _actions(need) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="participation.need", object_id=need.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def _notes(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(user=user).values_list("title", "url"))


# --- proposing ------------------------------------------------------------------------------------------


def test_officer_proposes_for_own_agency(officer, body, police, neighbourhood, today, secretary):
    need = _propose(
        officer,
        body,
        police,
        neighbourhood,
        quantity=3,
        unit="دستگاه",
        deadline=today + dt.timedelta(days=30),
        urgency=Need.Urgency.CRITICAL,
        description="سه دوربین",
    )
    need.refresh_from_db()
    assert (need.state, need.organization, need.region, need.created_by) == (
        Need.State.PROPOSED,
        police,
        neighbourhood,
        officer,
    )
    assert (need.quantity, need.unit, need.urgency) == (3, "دستگاه", Need.Urgency.CRITICAL)
    assert need.priority_computed > 0 and set(need.priority_parts) == {"rank", "urgency", "cost"}
    entry = AuditEntry.objects.get(action="need.propose")
    assert (entry.actor, entry.body_id, entry.object_id) == (officer, body.pk, need.pk)
    assert entry.changes["title"] == need.title and entry.changes["estimated_cost"] == 80_000_000


def test_proposal_tells_the_secretariat(
    officer, body, police, neighbourhood, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        need = _propose(officer, body, police, neighbourhood)
    with translation.override("fa"):
        title = translation.gettext("New need proposed: %(title)s (%(who)s)") % {
            "title": need.title,
            "who": police.name,
        }
    assert _notes(secretary) == [(title, f"/participation/needs/{need.pk}/")]
    assert not Notification.objects.exclude(user=secretary).exists()


def test_secretariat_does_not_tell_itself(
    secretary, body, welfare, neighbourhood, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _propose(secretary, body, welfare, neighbourhood)
    assert not Notification.objects.exists()


def test_secretariat_proposes_for_any_member_and_for_a_neighbourhood(secretary, body, welfare, neighbourhood):
    for_welfare = _propose(secretary, body, welfare, neighbourhood)
    for_place = _propose(secretary, body, None, neighbourhood)
    assert for_welfare.organization == welfare and for_place.organization is None


def test_admin_proposes(admin, body, police, neighbourhood):
    assert _propose(admin, body, police, neighbourhood).state == Need.State.PROPOSED


@pytest.mark.parametrize(
    ("who", "org", "code"),
    [
        ("officer", "welfare", "not_own_agency"),  # another agency's need
        ("other_officer", "police", "not_own_agency"),
        ("viewer", "police", "not_own_agency"),
        ("officer", None, "not_secretariat"),  # a neighbourhood's need is the secretariat's
        ("outsider", "outsider_org", "organization"),  # its own, but not a member of the body
    ],
)
def test_who_may_not_propose(request, body, neighbourhood, who, org, code):
    user = request.getfixturevalue(who)
    organization = request.getfixturevalue(org) if org else None
    with pytest.raises(ParticipationError) as excinfo:
        _propose(user, body, organization, neighbourhood)
    assert _code(excinfo) == code
    assert not Need.objects.exists() and not AuditEntry.objects.filter(action="need.propose").exists()


def test_an_agency_outside_the_body_is_refused(body, outsider_org, neighbourhood, secretary):
    with pytest.raises(ParticipationError) as excinfo:
        _propose(secretary, body, outsider_org, neighbourhood)
    assert _code(excinfo) == "organization"
    with translation.override("en"):
        assert str(excinfo.value.messages[0]) == f"{outsider_org.name} is not a member of {body.name}."


def test_an_officer_of_an_agency_outside_the_body_cannot_use_it(
    body, inspection, neighbourhood, django_user_model
):
    # The inspection office is not a member: even its own officer may not propose to this body.
    user = django_user_model.objects.create_user(
        username="inspector", password="x-123-pass", organization=inspection, is_officer=True
    )
    with pytest.raises(ParticipationError) as excinfo:
        _propose(user, body, inspection, neighbourhood)
    assert _code(excinfo) == "organization"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"estimated_cost": 0}, "estimated_cost"),
        ({"quantity": 0}, "quantity"),
        ({"title": "  "}, "title"),
        ({"justification": ""}, "justification"),
        ({"category": "spaceship"}, "category"),
        ({"urgency": 9}, "urgency"),
    ],
)
def test_field_refusals(officer, body, police, neighbourhood, overrides, code):
    with pytest.raises(ParticipationError) as excinfo:
        _propose(officer, body, police, neighbourhood, **overrides)
    assert _code(excinfo) == code


def test_deadline_in_the_past_is_refused_today_is_not(officer, body, police, neighbourhood, today):
    with pytest.raises(ParticipationError) as excinfo:
        _propose(officer, body, police, neighbourhood, deadline=today - dt.timedelta(days=1))
    assert _code(excinfo) == "deadline"
    with translation.override("en"):
        assert excinfo.value.messages[0] == "The date it is needed by has already passed."
    assert _propose(officer, body, police, neighbourhood, deadline=today).deadline == today


def test_region_outside_the_body_is_refused(officer, body, police, other_province):
    place = Region.objects.create(name="محله شیراز", kind="neighbourhood", code="S-1", parent=other_province)
    with pytest.raises(ParticipationError) as excinfo:
        _propose(officer, body, police, place)
    assert _code(excinfo) == "region"


def test_a_neighbourhoods_need_must_name_a_neighbourhood(secretary, body, city):
    with pytest.raises(ParticipationError) as excinfo:
        _propose(secretary, body, None, city)
    assert _code(excinfo) == "region"
    # An agency's need may be for a larger region.
    assert _propose(secretary, body, body.members.first(), city).region == city


# --- editing --------------------------------------------------------------------------------------------


def test_agency_edits_while_proposed(officer, need, other_neighbourhood):
    services.update_need(
        need, by=officer, title="دو خودروی گشت", estimated_cost=900_000_000, region=other_neighbourhood
    )
    need.refresh_from_db()
    assert (need.title, need.estimated_cost, need.region) == (
        "دو خودروی گشت",
        900_000_000,
        other_neighbourhood,
    )
    entry = AuditEntry.objects.get(action="need.update")
    assert entry.changes["title"] == ["خودروی گشت برای کلانتری", "دو خودروی گشت"]
    assert entry.changes["estimated_cost"] == [500_000_000, 900_000_000]
    assert "priority_computed" in entry.changes  # computed again (it was 0 in the fixture)


def test_agency_may_not_edit_once_approved(officer, approved_need):
    with pytest.raises(ParticipationError) as excinfo:
        services.update_need(approved_need, by=officer, title="x")
    assert _code(excinfo) == "approved"


def test_other_agency_and_viewer_may_not_edit(other_officer, viewer, need):
    for user in (other_officer, viewer):
        with pytest.raises(ParticipationError) as excinfo:
            services.update_need(need, by=user, title="x")
        assert _code(excinfo) == "not_allowed"


def test_secretariat_edits_an_approved_need_and_a_lower_cost_meets_it(
    secretary, approved_need, pledge, officer
):
    Pledge.objects.filter(pk=pledge.pk).update(state=Pledge.State.VERIFIED, delivered_value=200_000_000)
    services.refresh_need(approved_need)
    approved_need.refresh_from_db()
    assert (approved_need.state, approved_need.value_met) == (Need.State.PARTLY_MET, 200_000_000)
    need = services.update_need(approved_need, by=secretary, estimated_cost=150_000_000)
    assert (need.state, need.value_met) == (Need.State.MET, 200_000_000)
    with pytest.raises(ParticipationError) as excinfo:
        services.update_need(need, by=secretary, title="x")
    assert _code(excinfo) == "closed"


def test_an_edit_keeps_a_past_deadline_but_refuses_a_new_one(secretary, need, today):
    Need.objects.filter(pk=need.pk).update(deadline=today - dt.timedelta(days=3))
    need.refresh_from_db()
    services.update_need(need, by=secretary, title="عنوان تازه", deadline=need.deadline)
    with pytest.raises(ParticipationError) as excinfo:
        services.update_need(need, by=secretary, deadline=today - dt.timedelta(days=1))
    assert _code(excinfo) == "deadline"


def test_update_refuses_unknown_fields(secretary, need):
    with pytest.raises(TypeError):
        services.update_need(need, by=secretary, state=Need.State.MET)


# --- approving and turning down -------------------------------------------------------------------------


def test_approve(secretary, need, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_need(need, by=secretary, note="در سقف اعتبار")
    need.refresh_from_db()
    assert (need.state, need.approved_by, need.state_note) == (
        Need.State.APPROVED,
        secretary,
        "در سقف اعتبار",
    )
    assert need.approved_at is not None and need.priority_computed > 0
    assert _actions(need) == ["need.approve"]
    with translation.override("fa"):
        title = translation.gettext("Your need was approved: %(title)s") % {"title": need.title}
    assert _notes(officer) == [(title, f"/participation/needs/{need.pk}/")]


def test_reject(secretary, need, officer, django_capture_on_commit_callbacks):
    with pytest.raises(ParticipationError) as excinfo:
        services.reject_need(need, by=secretary, reason=" ")
    assert _code(excinfo) == "reason"
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_need(need, by=secretary, reason="خارج از اولویت‌های امسال")
    need.refresh_from_db()
    assert (need.state, need.state_note) == (Need.State.REJECTED, "خارج از اولویت‌های امسال")
    assert AuditEntry.objects.get(action="need.reject").changes == {
        "state": "rejected",
        "reason": "خارج از اولویت‌های امسال",
    }
    with translation.override("fa"):
        title = translation.gettext("Your need was not approved: %(title)s") % {"title": need.title}
    assert _notes(officer) == [(title, f"/participation/needs/{need.pk}/")]


def test_a_neighbourhoods_need_tells_no_agency(
    secretary, body, neighbourhood, django_capture_on_commit_callbacks
):
    need = _propose(secretary, body, None, neighbourhood)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_need(need, by=secretary)
    assert not Notification.objects.exists()


@pytest.mark.parametrize("who", ["officer", "other_officer", "viewer", "outsider"])
def test_only_the_secretariat_decides(request, need, who):
    user = request.getfixturevalue(who)
    for action in (
        lambda: services.approve_need(need, by=user),
        lambda: services.reject_need(need, by=user, reason="x"),
        lambda: services.set_priority(need, by=user, priority=50, reason="x"),
        lambda: services.mark_met(need, by=user, note="x"),
    ):
        with pytest.raises(ParticipationError) as excinfo:
            action()
        assert _code(excinfo) == "not_secretariat"
    with pytest.raises(ParticipationError):
        services.clear_priority(need, by=user)
    need.refresh_from_db()
    assert (need.state, need.priority_override) == (Need.State.PROPOSED, None)
    assert _actions(need) == []


def test_approve_and_reject_only_a_proposed_need(secretary, approved_need):
    with pytest.raises(ParticipationError) as excinfo:
        services.approve_need(approved_need, by=secretary)
    assert _code(excinfo) == "state"
    with pytest.raises(ParticipationError) as excinfo:
        services.reject_need(approved_need, by=secretary, reason="x")
    assert _code(excinfo) == "state"


# --- withdrawing ----------------------------------------------------------------------------------------


def test_agency_withdraws_its_need(officer, need):
    services.withdraw_need(need, by=officer, reason="بودجه داخلی تأمین شد")
    need.refresh_from_db()
    assert (need.state, need.state_note) == (Need.State.WITHDRAWN, "بودجه داخلی تأمین شد")
    assert _actions(need) == ["need.withdraw"]
    with pytest.raises(ParticipationError) as excinfo:
        services.withdraw_need(need, by=officer, reason="again")
    assert _code(excinfo) == "state"


def test_secretariat_withdraws_an_approved_need(secretary, approved_need):
    assert services.withdraw_need(approved_need, by=secretary, reason="تکراری").state == Need.State.WITHDRAWN


def test_withdraw_refusals(other_officer, viewer, officer, secretary, approved_need, pledge):
    for user in (other_officer, viewer):
        with pytest.raises(ParticipationError) as excinfo:
            services.withdraw_need(approved_need, by=user, reason="x")
        assert _code(excinfo) == "not_allowed"
    with pytest.raises(ParticipationError) as excinfo:
        services.withdraw_need(approved_need, by=officer, reason="")
    assert _code(excinfo) == "reason"
    # The donor's pledge is still under way.
    with pytest.raises(ParticipationError) as excinfo:
        services.withdraw_need(approved_need, by=officer, reason="x")
    assert _code(excinfo) == "pledges"
    Pledge.objects.filter(pk=pledge.pk).update(state=Pledge.State.VERIFIED, delivered_value=pledge.value)
    services.refresh_need(approved_need)
    services.mark_met(approved_need, by=secretary, note="باقی را شهرداری داد")
    with pytest.raises(ParticipationError) as excinfo:
        services.withdraw_need(approved_need, by=secretary, reason="x")
    assert _code(excinfo) == "met"


# --- met by pledges, met by hand ------------------------------------------------------------------------


def _verify(pledge, value):
    Pledge.objects.filter(pk=pledge.pk).update(state=Pledge.State.VERIFIED, delivered_value=value)


def test_refresh_moves_between_approved_partly_met_and_met(approved_need, pledge, donor, body):
    _verify(pledge, 200_000_000)
    need = services.refresh_need(approved_need)
    assert (need.state, need.value_met) == (Need.State.PARTLY_MET, 200_000_000)
    second = Pledge.objects.create(donor=donor, body=body, need=need, value=300_000_000)
    _verify(second, 300_000_000)
    assert services.refresh_need(need).state == Need.State.MET
    Pledge.objects.filter(pk=second.pk).update(state=Pledge.State.CANCELLED)
    Pledge.objects.filter(pk=pledge.pk).update(state=Pledge.State.CANCELLED)
    need = services.refresh_need(need)
    assert (need.state, need.value_met) == (Need.State.APPROVED, 0)
    assert _actions(need) == ["need.refresh", "need.refresh", "need.refresh"]
    assert AuditEntry.objects.filter(action="need.refresh").first().body_id == body.pk


def test_refresh_leaves_a_proposed_need_proposed(need, donor, body):
    pledge = Pledge.objects.create(donor=donor, body=body, need=need, value=10_000_000)
    _verify(pledge, 10_000_000)
    need = services.refresh_need(need)
    assert (need.state, need.value_met) == (Need.State.PROPOSED, 10_000_000)


def test_mark_met_survives_refresh(secretary, approved_need, pledge):
    with pytest.raises(ParticipationError) as excinfo:
        services.mark_met(approved_need, by=secretary, note="")
    assert _code(excinfo) == "reason"
    services.mark_met(approved_need, by=secretary, note="شهرداری خودرو را اهدا کرد")
    _verify(pledge, 100_000_000)
    need = services.refresh_need(approved_need)
    assert (need.state, need.value_met, need.met_by_hand) == (Need.State.MET, 100_000_000, True)
    assert need.state_note == "شهرداری خودرو را اهدا کرد"
    Pledge.objects.filter(pk=pledge.pk).update(state=Pledge.State.CANCELLED)
    assert services.refresh_need(need).state == Need.State.MET


def test_mark_met_only_an_open_need(secretary, need):
    with pytest.raises(ParticipationError) as excinfo:
        services.mark_met(need, by=secretary, note="x")
    assert _code(excinfo) == "state"


def test_every_action_has_a_label():
    actions = {
        "need.propose",
        "need.update",
        "need.approve",
        "need.reject",
        "need.withdraw",
        "need.priority.set",
        "need.priority.clear",
        "need.priority.recompute",
        "need.mark_met",
        "need.refresh",
    }
    assert set(services.AUDIT_ACTIONS) == actions
    assert actions <= set(ACTIONS)
