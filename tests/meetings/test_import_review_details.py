"""Issue 10, defect 13: what the minutes review page offers is what the secretariat means.

The justice department of the body's own province is matched among the body's members before the other
provinces' ones; each organisation appears once in a select; a body named otherwise in the minutes is
flagged; the chair does not swallow the place; an empty date box shows a hint, not a date.
"""

import pytest
from django.urls import reverse

from hamafza.meetings.services import imports
from hamafza.minutes.extract import extract_text
from hamafza.orgs.models import Organization
from hamafza.places.models import Region

pytestmark = pytest.mark.django_db

MINUTES = """صورتجلسه هفتمین جلسه {body}
تاریخ: ۱۴۰۳/۰۲/۱۰
مصوبات:
۱- دادگستری استان موظف است فهرست پرونده‌های معتادان متجاهر را تا پایان خرداد ۱۴۰۳ ارسال کند.
"""


@pytest.fixture
def justice(body, province):
    """Tehran's justice department sits in the body; the other provinces' ones are in the registry."""
    tehran = Organization.objects.create(name="دادگستری کل استان تهران", region=province)
    body.members.add(tehran)
    for name, code in [("فارس", "IR-07"), ("اصفهان", "IR-04"), ("خراسان رضوی", "IR-30")]:
        region = Region.objects.create(name=name, kind="province", code=code)
        Organization.objects.create(name=f"دادگستری کل استان {name}", region=region)
    return tehran


def _import(body, secretary, body_name="کارگروه اجتماعی استان"):
    text = MINUTES.format(body=body_name)
    return imports.start_import(body, by=secretary, data=text.encode(), filename="minutes-7.txt")


def test_the_body_member_is_matched_before_other_provinces_namesakes(body, secretary, justice):
    draft = _import(body, secretary).draft
    responsible = draft["resolutions"][0]["responsible"]
    assert [(r["name"], r["organization"]) for r in responsible] == [("دادگستری استان", justice.pk)]
    assert responsible[0]["suggestions"][0]["id"] == justice.pk


def test_each_organisation_is_offered_once_in_a_select(client_for, body, secretary, justice):
    minutes_import = _import(body, secretary)
    page = client_for(secretary).get(reverse("meetings:import_review", args=[minutes_import.pk]))
    select = page.content.decode().split('name="r0-resp_0"')[1].split("</select>")[0]
    assert select.count(f'value="{justice.pk}"') == 1
    for org in Organization.objects.all():
        assert select.count(f'value="{org.pk}"') == 1


def test_a_draft_naming_another_body_is_flagged(client_for, body, secretary, justice):
    same = _import(body, secretary, "کارگروه اجتماعی استان تهران")
    page = client_for(secretary).get(reverse("meetings:import_review", args=[same.pk])).content.decode()
    assert 'id="other-body"' not in page
    imports.discard_import(same, by=secretary)
    other = _import(body, secretary, "شورای فرهنگ عمومی شهرستان ری")
    page = client_for(secretary).get(reverse("meetings:import_review", args=[other.pk])).content.decode()
    warning = page.split('id="other-body"')[1].split("</div>")[0]
    assert "شورای فرهنگ عمومی شهرستان ری" in warning and "کارگروه اجتماعی استان" in warning


def test_the_chair_stops_where_the_place_begins():
    draft = extract_text(
        "صورتجلسه دومین جلسه شورای اجتماعی شهرستان نمونه\n"
        "جلسه در تاریخ ۱۴۰۳/۰۵/۱۲ به ریاست آقای فرماندار در سالن جلسات استانداری برگزار شد.\n"
        "مصوبات:\n۱- شهرداری موظف است گزارش را ارسال کند.\n"
    )
    assert draft.chair == "فرماندار"
    assert draft.place == "سالن جلسات استانداری"


def test_an_empty_date_box_shows_a_hint_not_a_date(client_for, body, secretary, justice):
    minutes_import = _import(body, secretary)
    page = (
        client_for(secretary)
        .get(reverse("meetings:import_review", args=[minutes_import.pk]))
        .content.decode()
    )
    deadline = page.split('name="r0-deadline"')[1].split(">")[0]
    placeholder = deadline.split('placeholder="')[1].split('"')[0]
    assert placeholder == "روز/ماه/سال"
    assert not any(ch.isdigit() for ch in placeholder)
