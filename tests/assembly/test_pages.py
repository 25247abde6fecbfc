"""An election from the outside, through the pages as each person would use them: the secretariat sets up
the assembly and the election, members stand and vote, tellers enter paper ballots, supervisors count
and sign, the secretariat publishes, and the papers are real files."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hamafza.assembly.models import (
    Assembly,
    Ballot,
    Candidate,
    Election,
    IntroductionLetter,
    Member,
    Nomination,
    Official,
    VoterRecord,
)
from hamafza.participation.models import AchievementReport
from tests.participation.test_certificates import has_persian, pdf_text


def post(client, url, data, status=302):
    response = client.post(url, data)
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def test_an_election_through_the_pages(
    client_for,
    client,
    body,
    secretary,
    ngos,
    province,
    today,
    sup1,
    sup2,
    teller1,
    teller2,
    django_capture_on_commit_callbacks,
):
    from tests.assembly.conftest import make_user

    sec = client_for(secretary)
    # The secretariat creates the assembly.
    post(
        sec,
        reverse("assembly:create"),
        {"body": body.pk, "name": "مجمع سمن‌ها", "letterhead": "قوه قضاییه", "letter_prefix": "م"},
    )
    assembly = Assembly.objects.get(name="مجمع سمن‌ها")
    assert sec.get(reverse("assembly:detail", args=[assembly.pk])).status_code == 200

    # Nominations by hand, then accepted: the NGOs become members.
    for ngo in ngos.values():
        post(
            sec,
            reverse("assembly:nomination_create", args=[assembly.pk]),
            {
                "organization": ngo.pk,
                "region": province.pk,
                "nominated_on": "۱۴۰۴/۰۸/۱۷",
                "nominated_by": "دادگستری استان",
                "letter_number": "۱۲۳/ص",
            },
        )
    assert (
        Nomination.objects.filter(
            assembly=assembly, nominated_by="دادگستری استان", letter_number="۱۲۳/ص"
        ).count()
        == 4
    )
    page = sec.get(reverse("assembly:nominations", args=[assembly.pk]))
    assert page.status_code == 200 and ngos["a"].name in page.content.decode()
    ids = list(Nomination.objects.filter(assembly=assembly).values_list("pk", flat=True))
    post(sec, reverse("assembly:nomination_accept_many", args=[assembly.pk]), {"nomination": ids})
    members = {key: Member.objects.get(assembly=assembly, organization=ngo) for key, ngo in ngos.items()}

    # Each NGO's officer names its representative.
    reps = {}
    for key, ngo in ngos.items():
        officer = make_user(f"officer_{key}", ngo, officer=True)
        reps[key] = make_user(f"rep_{key}", ngo)
        post(
            client_for(officer),
            reverse("assembly:member", args=[members[key].pk]),
            {"representative": reps[key].pk},
        )
        members[key].refresh_from_db()
        assert members[key].representative == reps[key]

    # The election, its officials, candidacy.
    post(
        sec,
        reverse("assembly:election_create", args=[assembly.pk]),
        {
            "title": "انتخابات هیئت‌رئیسه",
            "seats": "۲",
            "max_choices": "2",
            "substitutes": "۱",
            "tie_rule": "lots",
            "starts_on": today.strftime("%Y-%m-%d").replace("-", "/") and _jalali(today),
            "starts_at": "00:00",
            "ends_on": _jalali(today, days=1),
            "ends_at": "۲۳:۰۰",
        },
    )
    election = Election.objects.get(assembly=assembly)
    assert (election.seats, election.max_choices, election.substitutes) == (2, 2, 1)
    for user, role in ((sup1, "supervisor"), (sup2, "supervisor"), (teller1, "teller"), (teller2, "teller")):
        post(
            sec,
            reverse("assembly:officials", args=[election.pk]),
            {"user": user.pk, "role": role, "title": "ناظر"},
        )
    assert Official.objects.filter(election=election).count() == 4
    with django_capture_on_commit_callbacks(execute=True):
        post(sec, reverse("assembly:election_step", args=[election.pk, "open-candidacy"]), {})
    election.refresh_from_db()
    assert election.state == Election.State.CANDIDACY_OPEN

    report = AchievementReport.objects.create(
        organization=ngos["a"],
        body=body,
        period_start=today,
        period_end=today,
        activities="۱۲ کارگاه آموزشی برای ۳۰۰ نوجوان",
        beneficiaries=300,
        state=AchievementReport.State.ACCEPTED,
    )
    rep_a = client_for(reps["a"])
    detail = rep_a.get(reverse("assembly:election", args=[election.pk])).content.decode()
    assert reverse("assembly:stand", args=[election.pk]) in detail
    post(
        rep_a,
        reverse("assembly:stand", args=[election.pk]),
        {"programme": "برنامه انجمن: آموزش مهارت‌های زندگی", "achievements": [report.pk]},
    )
    for key in ("b", "c"):
        post(
            client_for(reps[key]),
            reverse("assembly:stand", args=[election.pk]),
            {"programme": f"برنامه {key}"},
        )
    candidates = {
        key: Candidate.objects.get(election=election, member=members[key]) for key in ("a", "b", "c")
    }
    page = (
        client_for(reps["d"]).get(reverse("assembly:candidate", args=[candidates["a"].pk])).content.decode()
    )
    assert "۱۲ کارگاه آموزشی برای ۳۰۰ نوجوان" in page and "آموزش مهارت‌های زندگی" in page

    post(sec, reverse("assembly:election_step", args=[election.pk, "close-candidacy"]), {})
    post(client_for(sup1), reverse("assembly:election_step", args=[election.pk, "open-voting"]), {})
    election.refresh_from_db()
    assert election.state == Election.State.VOTING_OPEN

    # Three representatives vote on the site; one first sends a blank ballot and is asked to confirm.
    vote_url = reverse("assembly:vote", args=[election.pk])
    page = rep_a.get(vote_url)
    assert page.status_code == 200 and candidates["b"].name in page.content.decode()
    warned = rep_a.post(vote_url, {})
    assert warned.status_code == 200 and 'id="invalid-warning"' in warned.content.decode()
    assert Ballot.objects.count() == 0
    receipt = rep_a.post(vote_url, {"choices": [candidates["b"].pk, candidates["c"].pk]})
    assert receipt.status_code == 200 and receipt["Cache-Control"] == "no-store"
    text = receipt.content.decode()
    code = re.search(r'id="tracking-code">([^<]+)<', text).group(1)
    assert len(re.sub(r"\D", "", code.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))) == 12
    again = rep_a.post(vote_url, {"choices": [candidates["a"].pk]})
    assert again.status_code == 200 and 'id="already"' in again.content.decode()
    for key, chosen in (("b", ["b"]), ("c", ["b", "a"])):
        response = client_for(reps[key]).post(vote_url, {"choices": [candidates[c].pk for c in chosen]})
        assert 'id="tracking-code"' in response.content.decode()

    # A paper ballot: the teller hands it to D, two tellers enter it, once differently, then agreeing.
    t1, t2 = client_for(teller1), client_for(teller2)
    paper_url = reverse("assembly:paper", args=[election.pk])
    post(t1, reverse("assembly:paper_voter", args=[election.pk]), {"member": members["d"].pk})
    assert VoterRecord.objects.get(member=members["d"]).channel == "paper"
    post(t1, paper_url, {"paper_number": "۱", "choices": [candidates["a"].pk]})
    assert (
        "hidden until the second reading" in t2.get(paper_url).content.decode()
        or "تا" in t2.get(paper_url).content.decode()
    )
    post(t2, paper_url, {"paper_number": "1", "choices": [candidates["c"].pk]})
    assert 'class="disagree"' in t1.get(paper_url).content.decode()
    post(t2, paper_url, {"paper_number": "1", "choices": [candidates["a"].pk]})
    assert Ballot.objects.filter(paper_number=1).count() == 1

    # Close, count, sign, publish.
    post(sec, reverse("assembly:election_step", args=[election.pk, "close-voting"]), {})
    post(client_for(sup2), reverse("assembly:election_step", args=[election.pk, "count"]), {})
    election.refresh_from_db()
    assert (election.state, election.voters_count, election.ballots_count) == (Election.State.COUNTED, 4, 4)
    results_url = reverse("assembly:results", args=[election.pk])
    page = client_for(sup1).get(results_url).content.decode()
    assert 'id="confirm-form"' in page
    assert client_for(reps["a"]).get(results_url).status_code == 404  # not before publication
    for supervisor in (sup1, sup2):
        post(client_for(supervisor), reverse("assembly:confirm", args=[election.pk]), {})
    with django_capture_on_commit_callbacks(execute=True):
        post(sec, reverse("assembly:publish", args=[election.pk]), {})
    election.refresh_from_db()
    assert election.state == Election.State.PUBLISHED
    lines = dict(election.results.values_list("candidate__member__organization__name", "outcome"))
    assert lines == {
        candidates["b"].name: "elected",
        candidates["a"].name: "elected",
        candidates["c"].name: "substitute",
    }

    # The results as a member reads them, the workbook, the minutes, the letters.
    page = client_for(reps["d"]).get(results_url)
    assert page.status_code == 200
    workbook = load_workbook(
        io.BytesIO(sec.get(reverse("assembly:results_xlsx", args=[election.pk])).content)
    )
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[3]) for row in rows] == [
        (candidates["b"].name, 3),
        (candidates["a"].name, 2),
        (candidates["c"].name, 1),
    ]
    minutes = sec.get(reverse("assembly:minutes_pdf", args=[election.pk]))
    assert minutes["Content-Type"] == "application/pdf"
    words = pdf_text(minutes.content)
    for name in (candidates["a"].name, candidates["b"].name, candidates["c"].name):
        assert has_persian(words, name)
    assert "Sup1 Tester" in words and "Teller2 Tester" in words  # the names of those who sign
    letters = list(IntroductionLetter.objects.filter(election=election).order_by("serial"))
    assert [letter.candidate_id for letter in letters] == [candidates["b"].pk, candidates["a"].pk]
    letter_pdf = client_for(reps["b"]).get(reverse("assembly:letter_pdf", args=[letters[0].pk]))
    assert letter_pdf.status_code == 200 and letter_pdf.content.startswith(b"%PDF")
    words = pdf_text(letter_pdf.content)
    assert has_persian(words, candidates["b"].name) and has_persian(words, "قوه قضاییه")
    digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    code_shown = "-".join(letters[0].verification_code[i : i + 4] for i in (0, 4, 8)).translate(digits)
    assert code_shown in words and "/assembly/verify/" in words
    assert client_for(reps["c"]).get(reverse("assembly:letter_pdf", args=[letters[0].pk])).status_code == 404

    # Anyone, signed out, checks a letter by its code, in Persian digits.
    persian = letters[0].verification_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    page = client.get(reverse("assembly:verify"), {"code": persian})
    assert page.status_code == 200 and 'id="letter-found"' in page.content.decode()
    assert candidates["b"].name in page.content.decode()
    page = client.get(reverse("assembly:verify"), {"code": "1234-5678-9012"})
    assert 'id="letter-not-found"' in page.content.decode()

    # The voter checks the tracking code on the published list.
    page = client_for(reps["a"]).get(reverse("assembly:tracking", args=[election.pk]), {"code": code})
    assert 'id="found"' in page.content.decode()


def _jalali(day, days=0):
    import datetime as dt

    from hamafza.lib.jalali import format_jalali

    return format_jalali(day + dt.timedelta(days=days))


@pytest.mark.parametrize("name", ["start", "end"])
def test_the_election_form_refuses_a_window_that_ends_before_it_starts(
    client_for, assembly, secretary, today, name
):
    response = client_for(secretary).post(
        reverse("assembly:election_create", args=[assembly.pk]),
        {
            "title": "الف",
            "seats": "1",
            "substitutes": "0",
            "tie_rule": "lots",
            "starts_on": _jalali(today, days=1),
            "starts_at": "10:00",
            "ends_on": _jalali(today),
            "ends_at": "10:00",
        },
    )
    assert response.status_code == 200
    assert Election.objects.count() == 0
