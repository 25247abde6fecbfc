"""The reader on the real annotated corpus (tests/data/minutes-real): floors per split, shapes per document.

The floors are the figures the reader reached when they were set (dev and test splits scored apart);
a change that lowers any of them fails here. The issue's targets (test split: resolution F1 ≥ 0.92,
responsible F1 ≥ 0.85, meeting date ≥ 0.95) are not reached yet; see README, «Minutes reader».
"""

import json
from pathlib import Path

import pytest

from hamafza.minutes import evaluate, extract, responsible

REAL = Path(__file__).resolve().parent.parent / "data" / "minutes-real"

# corpus: (resolution F1, responsible F1, date accuracy), set at what the reader reached. The responsible
# floors came down once (dev 0.52 → 0.50, test 0.28 → 0.26) when a word boundary stopped failing before
# «،» and «؛»: «مقرر گردید، …» items were found at last (resolution F1 up: dev 0.522 → 0.533, test 0.462 →
# 0.475), and their responsible agencies, which the reader does not yet name, now count against it.
FLOORS = {
    "minutes-real (dev)": (0.53, 0.50, 0.77),
    "minutes-real (test)": (0.47, 0.26, 0.86),
}


@pytest.fixture(scope="module")
def reports():
    return {r.name: r.totals() for r in evaluate.evaluate_corpora([REAL])}


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_the_real_corpus_keeps_its_figures(reports, corpus):
    f1, resp_f1, date = FLOORS[corpus]
    totals = reports[corpus]
    assert totals["f1"] >= f1, totals
    assert totals["responsible_f1"] >= resp_f1, totals
    assert totals["date_accuracy"] >= date, totals


def test_the_split_is_the_one_drawn_once():
    split = json.loads((REAL / "split.json").read_text(encoding="utf-8"))
    assert split["seed"] == 1405 and len(split["dev"]) == 93 and len(split["test"]) == 30
    assert not set(split["dev"]) & set(split["test"])


def _draft(name: str):
    return extract(REAL / f"{name}.txt")


def _texts(draft) -> list[tuple[str, str]]:
    return [(r.label or str(r.number), r.text) for r in draft.resolutions]


def test_numbers_inline_in_one_paragraph_with_a_shared_prefix_of_agencies():
    # 101: «۱ :مقررشد … ۲:مقرر شد ادارات شبکه بهداشت،بهزیستی ، … و پزشکی قانونی …» in one paragraph.
    draft = _draft("101")
    numbers = [r.number for r in draft.resolutions]
    assert numbers[:3] == [1, 2, 3]
    assert draft.resolutions[0].text == "برگزاری جلسات با حضور معتمدین و متنفذین تداوم داشته باشد"
    second = draft.resolutions[1]
    assert "اداره بهزیستی" in second.responsible and "اداره آموزش و پرورش" in second.responsible
    assert "اداره پزشکی قانونی" in second.responsible and len(second.responsible) == 8


def test_a_number_with_no_separator_before_the_cue():
    # 046: «248 مقرر گردید …», «249 مقرر گردید شهرداری نسبت به … اقدام نماید».
    draft = _draft("046")
    assert [r.number for r in draft.resolutions] == [248, 249]
    assert draft.resolutions[1].text.startswith("شهرداری نسبت به ایجاد جدول")
    assert draft.resolutions[1].responsible == ["شهرداری"]


def test_decisions_only_in_prose_with_closing_verbs():
    # 050: «… تصویب شد.», «… به تصویب رسید.», «… تعیین شد.»; a report presented is no decision.
    texts = [t for _, t in _texts(_draft("050"))]
    assert any(t.endswith("به تصویب رسید") for t in texts)
    assert any(t.endswith("تعیین شد") for t in texts)
    assert not any("گزارشی از عملکرد" in t for t in texts)


def test_agreed_and_then_decided_in_one_sentence_gives_two():
    # 028: «… با اصلاح این مصوبه موافقت کردند و مقرر شد به فرمانداری ارسال شود.»
    texts = [t for _, t in _texts(_draft("028"))]
    assert "به فرمانداری ارسال شود" in texts
    assert any(t.endswith("با اصلاح این مصوبه موافقت کردند") for t in texts)
    assert not any("تجلیل شد" in t for t in texts)  # an honouring is no decision


def test_the_agency_after_az_suye_and_the_text_after_the_cue():
    # 035: «مقررگردید در خصوص احداث پارک مظفریه … پیگیری لازم از سوی شهرداری انجام پذیرد».
    draft = _draft("035")
    third = draft.resolutions[2]
    assert third.text.startswith("در خصوص احداث پارک مظفریه")
    assert third.responsible == ["شهرداری"]


def test_a_shared_plural_prefix_distributes_over_the_list():
    assert responsible.shared_prefix("ادارات ورزش و جوانان، بهزیستی و آموزش و پرورش موظفند") == [
        "اداره ورزش و جوانان",
        "اداره بهزیستی",
        "اداره آموزش و پرورش",
    ]
    assert responsible.shared_prefix("ادارات عضو کارگروه موظفند") == []


def test_a_site_s_date_of_today_is_not_the_meeting_s():
    # 030 (a council's page): «امروز: جمعه ۳۱ شهریور ۱۴۰۲» is the site's clock, and the text names no day.
    assert _draft("030").meeting_date is None


def test_sentences_with_a_decision_verb_that_became_no_item_are_offered():
    text = (
        "رئیس جلسه گفت این کار تصویب شد و باید پیگیری شود.\n"
        "در ابتدای جلسه با پیشنهاد آموزش و پرورش برای اردوهای تابستانی موافقت شد.\n"
        "مصوبات:\n"
        "۱- شهرداری نسبت به ساماندهی متکدیان اقدام نماید.\n"
        "۲- بهزیستی گزارش کودکان کار را ارائه کند.\n"
    )
    draft = extract(text)
    assert [r.number for r in draft.resolutions] == [1, 2]
    missed = draft.to_json()["missed"]
    assert [m["text"] for m in missed] == [
        "در ابتدای جلسه با پیشنهاد آموزش و پرورش برای اردوهای تابستانی موافقت شد"
    ]  # speech («گفت») is not offered; the resolutions taken are not offered again
    start, end = missed[0]["span"]
    assert text[start:end] == missed[0]["text"]
    # A real one: 151's commission minutes read at the top level hold decisions the reader left out.
    assert _draft("151").missed
