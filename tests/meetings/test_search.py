"""The search page finds a resolution or a meeting however its words and digits were typed."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from hamafza.lib.jalali import format_jalali, parse_jalali
from hamafza.meetings import services
from hamafza.meetings.services import AssignmentSpec, ResolutionSpec

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(secretary, body, police, welfare):
    """Two meetings on known Jalali dates, with resolutions that differ in the words searched for."""
    first = services.create_meeting(
        body,
        by=secretary,
        number=12,
        held_on=parse_jalali("1403/05/12"),
        place="سالن شهدای گمنام استانداری",
        chair="معاون سیاسی، امنیتی و اجتماعی استاندار",
    )
    second = services.create_meeting(
        body,
        by=secretary,
        number=13,
        held_on=parse_jalali("1403/08/20"),
        place="فرمانداری شهرستان",
        chair="فرماندار",
    )

    def resolution(meeting, number, text):
        spec = ResolutionSpec(
            number=number,
            text=text,
            assignments=[AssignmentSpec(police, deadline=meeting.held_on + dt.timedelta(days=30))],
        )
        return services.create_resolution(meeting, by=secretary, spec=spec)

    return {
        "first": first,
        "second": second,
        "harms": resolution(first, "۱۴", "تدوین برنامه پیشگیری از آسیب‌های اجتماعی در محلات هدف"),
        "children": resolution(first, "3", "ساماندهی کودکان کار و خیابان با همکاری بهزیستی"),
        "sidewalk": resolution(second, "7", "رفع سد معبر در بازارچه محله"),
    }


def _found(client, query: str) -> tuple[set[str], set[int]]:
    """The resolutions (by text) and meetings (by pk) the search page lists."""
    html = client.get(reverse("meetings:search"), {"q": query}).content.decode()
    resolutions_table = html.split('id="search-resolutions"')[1].split("</table>")[0]
    meetings_table = html.split('id="search-meetings"')[1].split("</table>")[0]
    resolution_ids = set(re.findall(r'href="/resolutions/(\d+)/"', resolutions_table))
    meeting_ids = {int(pk) for pk in re.findall(r'href="/meetings/(\d+)/"', meetings_table)}
    return resolution_ids, meeting_ids


def _ids(*resolutions) -> set[str]:
    return {str(r.pk) for r in resolutions}


@pytest.mark.parametrize(
    "query",
    [
        "آسیب‌های اجتماعی",  # as written: ZWNJ
        "آسيب هاي اجتماعي",  # Arabic yeh, with a space
        "آسیبهای اجتماعی",  # joined, no ZWNJ
        "آسیب های اجتماعی",  # separate, with a space
        "آسیب‌ های   اجتماعی",  # ZWNJ and spaces together
        "آسِیب‌های اجتماعی",  # a written short vowel
        "ﺁﺳﯿﺐ‌ﻫﺎی اجتماعی",  # Arabic presentation forms (text copied out of a PDF)
    ],
)
def test_social_harms_are_found_however_typed(client_for, secretary, corpus, query):
    assert _found(client_for(secretary), query) == (_ids(corpus["harms"]), set())


@pytest.mark.parametrize("query", ["كودكان كار", "کودکان کار", "كودكان", "كُودكان  كار"])
def test_arabic_kaf_finds_persian_kaf(client_for, secretary, corpus, query):
    assert _found(client_for(secretary), query)[0] == _ids(corpus["children"])


@pytest.mark.parametrize("query", ["۱۴", "١٤", "14"])
def test_resolution_number_in_any_digits(client_for, secretary, corpus, query):
    assert _found(client_for(secretary), query)[0] == _ids(corpus["harms"])


@pytest.mark.parametrize(
    "query", ["۱۴۰۳/۰۵/۱۲", "١٤٠٣/٠٥/١٢", "1403/05/12", "1403/5/12", "۰۳/۵/۱۲", "1403-05-12"]
)
def test_a_jalali_date_finds_that_days_meeting_and_its_resolutions(client_for, secretary, corpus, query):
    assert _found(client_for(secretary), query) == (
        _ids(corpus["harms"], corpus["children"]),
        {corpus["first"].pk},
    )


def test_a_date_and_a_word_narrow_each_other(client_for, secretary, corpus):
    assert _found(client_for(secretary), "۱۴۰۳/۰۵/۱۲ كودكان") == (_ids(corpus["children"]), set())
    assert _found(client_for(secretary), "۱۴۰۳/۰۸/۲۰ معبر") == (_ids(corpus["sidewalk"]), set())
    assert _found(client_for(secretary), "۱۴۰۳/۰۸/۲۰ كودكان") == (set(), set())


@pytest.mark.parametrize(
    ("query", "meeting"),
    [
        ("شهداي گمنام", "first"),  # place, Arabic yeh
        ("معاون سياسي", "first"),  # chair
        ("فرمانداري", "second"),
        ("فرماندار", "second"),
    ],
)
def test_meetings_are_found_by_place_and_chair(client_for, secretary, corpus, query, meeting):
    assert _found(client_for(secretary), query)[1] == {corpus[meeting].pk}


def test_the_page_shows_the_hits_in_persian(client_for, secretary, corpus):
    html = client_for(secretary).get(reverse("meetings:search"), {"q": "1403/05/12"}).content.decode()
    assert format_jalali(corpus["first"].held_on) in html  # ۱۴۰۳/۰۵/۱۲
    assert "۱۴. تدوین برنامه" in html


@pytest.mark.parametrize("query", ["آسیب", "كودكان", "1403/05/12", "شهدای گمنام", "۱۴", "فرماندار"])
def test_an_outsider_finds_nothing_of_the_body(client_for, outsider, corpus, query):
    assert _found(client_for(outsider), query) == (set(), set())


def test_an_officer_of_an_assigned_organisation_outside_the_body_finds_its_resolution(
    client_for, corpus, secretary, outsider_org, outsider
):
    services.add_assignment(
        corpus["sidewalk"],
        by=secretary,
        spec=AssignmentSpec(
            outsider_org, role="supporting", deadline=corpus["second"].held_on + dt.timedelta(days=9)
        ),
    )
    # The assigned resolution only, not the body's other work nor its meetings.
    assert _found(client_for(outsider), "محله") == (_ids(corpus["sidewalk"]), set())
    assert _found(client_for(outsider), "آسیب") == (set(), set())


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_lists_nothing(client_for, secretary, corpus, query):
    html = client_for(secretary).get(reverse("meetings:search"), {"q": query}).content.decode()
    assert 'id="search-resolutions"' not in html
    assert corpus["harms"].text not in html


def test_a_query_of_nothing_but_joiners_finds_nothing(client_for, secretary, corpus):
    assert _found(client_for(secretary), "\u200c \u200c") == (set(), set())
