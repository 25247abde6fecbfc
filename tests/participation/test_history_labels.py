"""Issue 10, defect 7: every history line in Persian words, old ← new: states by their Persian label,
linked objects by their name (an anonymous donor's only for whoever may see it), fields by their verbose
name; no raw field name, state code or id; and no fact irrelevant to the object."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from hamafza.meetings.models import Assignment
from hamafza.participation.models import Need, Pledge
from hamafza.participation.services import needs as need_services
from hamafza.participation.services import pledges as services
from hamafza.participation.services import public
from tests.participation.test_certificates import PDF

pytestmark = pytest.mark.django_db


def _section(html: str, start: str, end: str) -> str:
    """The visible text of a page's part, from the element with `start` to the first `end` after it."""
    part = html[html.index(start) :]
    part = part[part.index(">") + 1 : part.index(end)]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


# The cast's names are Latin (tests/conftest.py: «Secretary», «Officer»): what a user typed, not a code.
CAST = {"Secretary", "Officer"}


def _raw_words(text: str) -> list[str]:
    """Latin words: a field name (typed_name), a state code (pledged), an action (pledge.verify)."""
    return [word for word in re.findall(r"[A-Za-z_][A-Za-z_.]{2,}", text) if word not in CAST]


def _label(choices, value) -> str:
    with translation.override("fa"):
        return str(dict(choices)[value])


def test_pledge_timeline_in_persian_words_and_the_anonymous_donor_hidden(
    client_for, secretary, officer, other_donor, body, approved_need
):
    pledge = services.record_pledge(
        by=secretary, donor=other_donor, body=body, value=1000, kind="goods", need=approved_need
    )
    services.record_delivery(pledge, by=officer, value=1000, files=[PDF])
    url = reverse("participation:pledge_detail", args=[pledge.pk])
    pledged, verified = (_label(Pledge.State.choices, s) for s in ("pledged", "verified"))
    for user, named in ((secretary, True), (officer, False)):
        text = _section(client_for(user).get(url).content.decode(), 'id="timeline"', "</ul>")
        assert _raw_words(text) == []
        assert f"{pledged} ← {verified}" in text
        assert "شماره گواهی" in text
        assert (other_donor.name in text) is named
        if not named:
            assert "خیّر ناشناس" in text
        assert not re.search(r"خیّر: [۰-۹]", text)


def test_public_offer_and_its_match_in_persian_words_for_the_secretariat(
    client_for, secretary, donor, approved_need
):
    pledge = public.make_public_offer(
        approved_need, name="علی رضایی", mobile=donor.mobile, kind="money", value=5_000_000
    )
    public.match_offer(pledge, by=secretary, donor=donor)
    url = reverse("participation:pledge_detail", args=[pledge.pk])
    text = _section(client_for(secretary).get(url).content.decode(), 'id="timeline"', "</ul>")
    assert _raw_words(text) == []
    assert "نام واردشده" in text and donor.name in text


def test_need_history_in_persian_words(client_for, secretary, officer, donor, body, approved_need):
    need_services.update_need(approved_need, by=secretary, title="عنوان تازه", urgency=1)
    pledge = services.record_pledge(
        by=secretary, donor=donor, body=body, value=1000, kind="money", need=approved_need
    )
    services.record_delivery(pledge, by=officer, value=1000, files=[PDF])
    html = client_for(officer).get(f"/participation/needs/{approved_need.pk}/").content.decode()
    text = _section(html, 'id="need-history"', "</section>")
    assert _raw_words(text) == []
    approved, partly = (_label(Need.State.choices, s) for s in ("approved", "partly_met"))
    assert f"{approved} ← {partly}" in text
    assert "زیاد ← کم" in text


def test_resolution_history_names_only_what_concerns_the_object(client_for, secretary, resolution):
    assert not resolution.assignments.exclude(recurrence=Assignment.Recurrence.ONCE).exists()
    html = client_for(secretary).get(reverse("meetings:resolution_history", args=[resolution.pk])).content
    text = _section(html.decode(), 'id="history"', "</table>")
    assert _raw_words(text) == []
    with translation.override("fa"):
        interval = str(Assignment._meta.get_field("interval").verbose_name)
        unit = str(Assignment._meta.get_field("interval_unit").verbose_name)
    assert f"{interval} :" not in text and f"{unit} :" not in text
    assert "مهلت" in text
    assert ": —" not in text  # nothing recorded at creation is not a line
