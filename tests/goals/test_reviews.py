"""The year-end review of each goal, its acceptance or return, and carrying goals into next year."""

import pytest
from django.core.exceptions import PermissionDenied

from hamafza.goals.models import Goal, Programme, YearEndReview
from hamafza.goals.services import programmes as programme_services
from hamafza.goals.services import reviews
from hamafza.goals.services.common import GoalsError
from hamafza.goals.services.programmes import MeasureSpec

pytestmark = pytest.mark.django_db

TEXTS = {
    "achieved": "۱۹۰ جلسه آموزش خانواده در کلانتری‌ها",
    "strengths": "همکاری آموزش و پرورش و بهزیستی",
    "weaknesses": "کمبود مشاور زن در شهرستان‌ها",
    "causes": "نبود ردیف بودجه برای مشاوران پاره‌وقت",
    "proposal": "جذب مشاور داوطلب از دانشگاه‌ها",
}


@pytest.fixture
def active(tehran_programme, tehran_officer):
    return programme_services.activate_programme(tehran_programme, by=tehran_officer)


def _write(goal, by, *, submit=True, figures=None, **texts):
    measures = list(goal.measures.all())
    figures = figures if figures is not None else {m.pk: 190.0 for m in measures}
    return reviews.save_review(goal, by=by, figures=figures, submit=submit, **{**TEXTS, **texts})


def _accepted(goal, by, reviewer, **kwargs):
    return reviews.accept_review(_write(goal, by, **kwargs), by=reviewer)


def test_a_draft_then_a_complete_review_sent_then_accepted(active, tehran_officer, reviewer):
    goal = active.goals.get(number=1)
    draft = _write(goal, tehran_officer, submit=False, strengths="", figures={})
    assert draft.state == YearEndReview.State.DRAFT and draft.strengths == ""
    with pytest.raises(GoalsError) as caught:
        _write(goal, tehran_officer, strengths="", proposal="  ", figures={})
    measure = goal.measures.get()
    assert set(caught.value.error_dict) == {"strengths", "proposal", f"figure_{measure.pk}"}
    sent = _write(goal, tehran_officer)
    assert sent.state == YearEndReview.State.SUBMITTED and sent.submitted_at
    assert {f.measure_id: f.achieved for f in sent.figures.all()} == {measure.pk: 190.0}
    with pytest.raises(GoalsError):
        _write(goal, tehran_officer)  # awaiting the reviewer: it does not change
    reviews.accept_review(sent, by=reviewer, comment="کامل")
    with pytest.raises(GoalsError):
        _write(goal, tehran_officer)  # accepted: it no longer changes


def test_a_returned_review_is_completed_and_sent_again(active, tehran_officer, national_owner):
    goal = active.goals.get(number=1)
    sent = _write(goal, tehran_officer)
    with pytest.raises(GoalsError):
        reviews.return_review(sent, by=national_owner, comment="")
    returned = reviews.return_review(sent, by=national_owner, comment="علت ضعف‌ها روشن نیست")
    assert returned.state == YearEndReview.State.RETURNED
    again = _write(goal, tehran_officer, causes="کمبود بودجه و جابه‌جایی مشاوران")
    assert again.state == YearEndReview.State.SUBMITTED and again.causes.startswith("کمبود")


@pytest.mark.parametrize(
    "who", ["tehran_officer", "tehran_clerk", "goals_viewer", "fars_officer", "outsider"]
)
def test_only_the_reviewer_decides(request, active, tehran_officer, who):
    sent = _write(active.goals.get(number=1), tehran_officer)
    with pytest.raises(PermissionDenied):
        reviews.accept_review(sent, by=request.getfixturevalue(who))


@pytest.mark.parametrize("who", ["tehran_clerk", "national_owner", "reviewer"])
def test_only_the_organisations_officers_write_it(request, active, who):
    with pytest.raises(PermissionDenied):
        _write(active.goals.get(number=1), request.getfixturevalue(who))


def test_the_review_opens_with_the_last_quarter(tehran, tehran_officer, year):
    following = programme_services.create_programme(tehran, by=tehran_officer, year=year + 2, title="آینده")
    goal = programme_services.add_goal(following, by=tehran_officer, title="هدف")
    programme_services.add_measure(
        goal, by=tehran_officer, spec=MeasureSpec(name="جلسات", source="manual", baseline=0, target=4)
    )
    programme_services.activate_programme(following, by=tehran_officer)
    with pytest.raises(GoalsError) as caught:
        _write(goal, tehran_officer)
    assert caught.value.code == "not_yet"
    assert reviews.review_opens(year) < reviews.review_opens(year + 1)


# --- carrying over --------------------------------------------------------------------------------------


def test_carried_goals_start_next_year_from_the_reviews_values(active, tehran_officer, reviewer, year):
    first, second = active.goals.order_by("number")
    _accepted(first, tehran_officer, reviewer, figures={first.measures.get().pk: 230.0})
    _accepted(second, tehran_officer, reviewer, figures={second.measures.get().pk: 7.0})
    following = reviews.carry_over(active, by=tehran_officer, goals=[first, second])
    assert (following.year, following.state, following.organization_id) == (
        year + 1,
        "draft",
        active.organization_id,
    )
    assert following.title == reviews.next_title(active.title, year)
    carried = list(following.goals.order_by("number"))
    assert [g.carried_from_id for g in carried] == [first.pk, second.pk]
    assert [g.title for g in carried] == [first.title, second.title]
    one, two = carried[0].measures.get(), carried[1].measures.get()
    # The baseline is what the review states; the old target stays while it is still ahead, else the
    # baseline, for the owner to raise.
    assert (one.baseline, one.target, one.carried_from_id) == (230.0, 230.0, first.measures.get().pk)
    assert (two.baseline, two.target, two.source) == (7.0, 40.0, "resolutions")


def test_carrying_needs_an_accepted_review_and_happens_once(active, tehran_officer, reviewer):
    first, second = active.goals.order_by("number")
    _write(first, tehran_officer)
    with pytest.raises(GoalsError) as caught:
        reviews.carry_over(active, by=tehran_officer, goals=[first])
    assert caught.value.code == "not_reviewed"
    reviews.accept_review(first.review, by=reviewer)
    reviews.carry_over(active, by=tehran_officer, goals=[first])
    with pytest.raises(GoalsError) as caught:
        reviews.carry_over(active, by=tehran_officer, goals=[first])
    assert caught.value.code == "carried"
    with pytest.raises(GoalsError):
        reviews.carry_over(active, by=tehran_officer, goals=[])
    with pytest.raises(PermissionDenied):
        reviews.carry_over(active, by=reviewer, goals=[first])


def test_goals_are_carried_only_into_a_draft(active, tehran_officer, reviewer, tehran, year):
    first = active.goals.get(number=1)
    _accepted(first, tehran_officer, reviewer)
    following = programme_services.create_programme(tehran, by=tehran_officer, year=year + 1, title="بعدی")
    goal = programme_services.add_goal(following, by=tehran_officer, title="هدف تازه")
    programme_services.add_measure(
        goal, by=tehran_officer, spec=MeasureSpec(name="x", source="manual", baseline=0, target=1)
    )
    programme_services.activate_programme(following, by=tehran_officer)
    with pytest.raises(GoalsError) as caught:
        reviews.carry_over(active, by=tehran_officer, goals=[first])
    assert caught.value.code == "active"
    assert not Goal.objects.filter(carried_from=first).exists()


def test_next_title():
    assert reviews.next_title("برنامه سالانه ۱۴۰۲", 1402) == "برنامه سالانه ۱۴۰۳"
    assert reviews.next_title("Programme 1402 of police", 1402) == "Programme 1403 of police"
    assert reviews.next_title("برنامه سالانه", 1402) == "برنامه سالانه ۱۴۰۳"


def test_a_province_carries_into_next_years_adoption(
    national_programme, active, national_owner, tehran_officer, reviewer, year
):
    """The national deputy carries its first goal into next year and activates that programme; Tehran,
    carrying its own first goal, joins the national goal's counterpart instead of copying it twice, starts
    from its own review's value, and takes up the rest of next year's national programme."""
    national_first = national_programme.goals.get(number=1)
    _accepted(national_first, national_owner, reviewer, figures={national_first.measures.get().pk: 210.0})
    national_next = reviews.carry_over(national_programme, by=national_owner, goals=[national_first])
    extra = programme_services.add_goal(national_next, by=national_owner, title="پیشگیری از جرائم فضای مجازی")
    programme_services.add_measure(
        extra, by=national_owner, spec=MeasureSpec(name="آموزش‌ها", source="manual", baseline=0, target=30)
    )
    national_next = programme_services.activate_programme(national_next, by=national_owner)

    tehran_first = active.goals.get(number=1)
    _accepted(tehran_first, tehran_officer, reviewer, figures={tehran_first.measures.get().pk: 95.0})
    tehran_next = reviews.carry_over(active, by=tehran_officer, goals=[tehran_first])
    assert tehran_next.adopts == national_next
    goals = list(tehran_next.goals.order_by("number"))
    assert [g.adopted_from.title for g in goals] == [national_first.title, "پیشگیری از جرائم فضای مجازی"]
    carried = goals[0]
    assert carried.carried_from == tehran_first and carried.adopted_from.carried_from == national_first
    measure = carried.measures.get()
    assert measure.baseline == 95.0
    assert measure.adopted_from == national_next.goals.get(number=1).measures.get()


def test_a_later_adoption_links_goals_carried_before_it(
    national_programme, active, national_owner, tehran_officer, reviewer
):
    """Tehran carries its goal first; the national programme of next year comes out later: adopting it
    links the carried goal rather than copying the national one beside it."""
    tehran_first = active.goals.get(number=1)
    _accepted(tehran_first, tehran_officer, reviewer)
    tehran_next = reviews.carry_over(active, by=tehran_officer, goals=[tehran_first])
    assert tehran_next.adopts is None
    national_first = national_programme.goals.get(number=1)
    _accepted(national_first, national_owner, reviewer)
    national_next = reviews.carry_over(national_programme, by=national_owner, goals=[national_first])
    national_next = programme_services.activate_programme(national_next, by=national_owner)
    adopted = programme_services.adopt_programme(national_next, by=tehran_officer)
    assert adopted.pk == tehran_next.pk
    [goal] = adopted.goals.all()
    assert goal.carried_from == tehran_first and goal.adopted_from == national_next.goals.get()
    assert goal.measures.get().adopted_from == national_next.goals.get().measures.get()
    assert Programme.objects.filter(organization=active.organization, year=active.year + 1).count() == 1


def test_adopting_next_year_starts_each_goal_from_the_provinces_own_last_year(
    national_programme, active, national_owner, tehran_officer, reviewer
):
    """Tehran carries nothing itself; when it adopts next year's national programme, the goal the nation
    carried over starts from what Tehran's review said it reached, not from the national baseline."""
    national_first = national_programme.goals.get(number=1)
    _accepted(national_first, national_owner, reviewer, figures={national_first.measures.get().pk: 210.0})
    national_next = reviews.carry_over(national_programme, by=national_owner, goals=[national_first])
    national_next = programme_services.activate_programme(national_next, by=national_owner)
    tehran_first = active.goals.get(number=1)
    _accepted(tehran_first, tehran_officer, reviewer, figures={tehran_first.measures.get().pk: 95.0})
    adopted = programme_services.adopt_programme(national_next, by=tehran_officer)
    measure = adopted.goals.get().measures.get()
    assert (measure.baseline, measure.target) == (
        95.0,
        210.0,
    )  # national: 210 → 210 (its old target 200 passed)
