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


# --- Issue 10, defect 11: folding, highlighting and filters -------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "اسیب",  # alef without madda, as typed on a keyboard without it
        "آسيب",  # Arabic yeh
        "آسیب",  # as written
        "أسیب",  # alef with hamza
        "آسـیب",  # tatweel
        "آسِیبهای",  # a short vowel, no ZWNJ
        "اسیب‌های اجتماعی",
        "پيشگيري",
    ],
)
def test_every_spelling_of_harms_finds_the_resolution(client_for, secretary, corpus, query):
    assert _found(client_for(secretary), query)[0] == _ids(corpus["harms"])


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("تقویت مسؤولیت اجتماعی بنگاه‌ها", "مسوولیت"),
        ("همکاری با جامعة المصطفی", "جامعه"),
        ("اجرای طرح إحسان در محلات", "احسان"),
        ("برگزاری ۳ دوره آموزشی", "3 دوره"),
        ("برگزاری ٣ دوره آموزشی", "۳ دوره"),
        ("تشکیل کمیته‌ی محلی", "کمیتهی"),
    ],
)
def test_each_folding_case_finds_the_text(client_for, secretary, meeting, police, text, query):
    spec = ResolutionSpec(
        number="41",
        text=text,
        assignments=[AssignmentSpec(police, deadline=meeting.held_on + dt.timedelta(days=30))],
    )
    created = services.create_resolution(meeting, by=secretary, spec=spec)
    assert _found(client_for(secretary), query)[0] == _ids(created)


def _results(client, params: dict) -> str:
    html = client.get(reverse("meetings:search"), params).content.decode()
    return html.split('id="search-resolutions"')[1].split("</table>")[0]


def test_the_words_are_marked_as_written_whatever_was_typed(client_for, secretary, corpus):
    table = _results(client_for(secretary), {"q": "اسيب اجتماعي"})
    assert "<mark>آسیب</mark>‌های <mark>اجتماعی</mark> در محلات هدف" in table


def test_the_marked_text_stays_escaped(client_for, secretary, meeting, police):
    text = '<script>alert("آسیب")</script> آسیب <b>نه</b>'
    services.create_resolution(
        meeting,
        by=secretary,
        spec=ResolutionSpec(
            number="42",
            text=text,
            assignments=[AssignmentSpec(police, deadline=meeting.held_on + dt.timedelta(days=30))],
        ),
    )
    table = _results(client_for(secretary), {"q": "اسیب"})
    assert "<script>" not in table and "<b>" not in table
    assert (
        "&lt;script&gt;alert(&quot;<mark>آسیب</mark>&quot;)&lt;/script&gt; <mark>آسیب</mark> "
        "&lt;b&gt;نه&lt;/b&gt;" in table
    )


@pytest.fixture
def second_body(secretary, province, governorate, welfare):
    """Another body the same secretary runs, with one meeting and a resolution on harms."""
    from hamafza.accounts.models import BodyRole
    from hamafza.meetings.models import Body

    other = Body.objects.create(
        name="شورای سلامت استان", kind="council", region=province, secretariat=governorate
    )
    other.members.set([governorate, welfare])
    BodyRole.objects.create(user=secretary, body=other, kind=BodyRole.Kind.SECRETARIAT)
    meeting = services.create_meeting(
        other, by=secretary, number=2, held_on=parse_jalali("1403/06/01"), place="", chair=""
    )
    services.create_resolution(
        meeting,
        by=secretary,
        spec=ResolutionSpec(
            number="1",
            text="کاهش آسیب اعتیاد در سکونتگاه‌ها",
            assignments=[AssignmentSpec(welfare, deadline=meeting.held_on + dt.timedelta(days=30))],
        ),
    )
    return other


def test_the_body_filter(client_for, secretary, corpus, second_body):
    client = client_for(secretary)
    found, _ = _found(client, "آسیب")
    assert len(found) == 2
    html = client.get(reverse("meetings:search"), {"q": "آسیب", "body": second_body.pk}).content.decode()
    assert "کاهش <mark>آسیب</mark> اعتیاد" in html and "تدوین برنامه" not in html
    html = client.get(reverse("meetings:search"), {"q": "آسیب", "body": corpus["harms"].body_id}).content
    assert "کاهش" not in html.decode() and "تدوین برنامه" in html.decode()


def test_the_organisation_filter(client_for, secretary, corpus, second_body, police, welfare):
    client = client_for(secretary)
    html = client.get(reverse("meetings:search"), {"q": "آسیب", "organization": welfare.pk}).content.decode()
    assert "کاهش" in html and "تدوین برنامه" not in html
    html = client.get(reverse("meetings:search"), {"q": "آسیب", "organization": police.pk}).content.decode()
    assert "کاهش" not in html and "تدوین برنامه" in html


def test_the_state_filter(client_for, secretary, corpus):
    services.cancel_resolution(corpus["children"], by=secretary, reason="ادغام در مصوبه دیگر")
    client = client_for(secretary)
    url = reverse("meetings:search")
    assert "ساماندهی کودکان" in client.get(url, {"state": "cancelled"}).content.decode()
    html = client.get(url, {"state": "open"}).content.decode()
    assert "ساماندهی کودکان" not in html and "تدوین برنامه" in html and "رفع سد معبر" in html


def test_the_date_filter_takes_jalali_dates(client_for, secretary, corpus):
    client = client_for(secretary)
    url = reverse("meetings:search")
    both = {"held_from": "۱۴۰۳/۰۵/۰۱", "held_to": "۱۰ مرداد ۱۴۰۳"}
    html = client.get(url, {"held_from": "۱۴۰۳/۰۵/۰۱", "held_to": "۱۵ مرداد ۱۴۰۳"}).content.decode()
    assert "تدوین برنامه" in html and "ساماندهی کودکان" in html and "رفع سد معبر" not in html
    html = client.get(url, {"q": "معبر", "held_from": "1403/08/01"}).content.decode()
    assert "رفع سد <mark>معبر</mark>" in html
    html = client.get(url, both).content.decode()  # the 10th of Mordad is before the first meeting
    assert 'id="search-resolutions"' in html and "تدوین برنامه" not in html
    assert 'value="۱۴۰۳/۰۵/۱۰"' in html  # the range is kept in the form, read as a Jalali date


def test_filters_offer_only_what_the_user_sees(client_for, outsider, corpus, second_body, welfare):
    html = client_for(outsider).get(reverse("meetings:search")).content.decode()
    assert second_body.name not in html and corpus["harms"].body.name not in html
    assert welfare.name not in html
    # asking for a body by its number does not reach it either
    html = client_for(outsider).get(reverse("meetings:search"), {"body": second_body.pk}).content.decode()
    assert "کاهش" not in html and "تدوین" not in html


def test_an_outsider_finds_nothing_of_a_body_by_filters(client_for, outsider, corpus):
    client = client_for(outsider)
    for params in ({"q": "اسیب"}, {"state": "open"}, {"held_from": "1403/01/01"}):
        html = client.get(reverse("meetings:search"), params).content.decode()
        assert "تدوین برنامه" not in html and "ساماندهی" not in html and "معبر" not in html


def test_pages_keep_the_filters(client_for, secretary, make_resolutions, meeting):
    make_resolutions(55)
    html = (
        client_for(secretary)
        .get(reverse("meetings:search"), {"q": "آسیب", "body": meeting.body_id, "state": "open"})
        .content.decode()
    )
    assert f"?q=%D8%A2%D8%B3%DB%8C%D8%A8&amp;body={meeting.body_id}&amp;state=open&amp;page=2" in html
    page_two = client_for(secretary).get(
        reverse("meetings:search"), {"q": "آسیب", "body": meeting.body_id, "state": "open", "page": 2}
    )
    assert page_two.content.decode().count("/resolutions/") == 5


def test_the_migration_recomputes_stored_keys(client_for, secretary, corpus):
    from importlib import import_module

    from django.apps import apps

    from hamafza.meetings.models import Resolution

    Resolution.objects.filter(pk=corpus["harms"].pk).update(search_text="آسیب‌های کهنه")
    assert _found(client_for(secretary), "اسیب")[0] == set()
    import_module("hamafza.meetings.migrations.0007_refold_search_keys").refold(apps, None)
    assert _found(client_for(secretary), "اسیب")[0] == _ids(corpus["harms"])
    assert Resolution.objects.get(pk=corpus["harms"].pk).text.startswith("تدوین برنامه پیشگیری از آسیب‌های")
