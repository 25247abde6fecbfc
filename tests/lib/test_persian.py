"""Persian text normalisation: the spelling a reader expects, and the folding search needs."""

import pytest

from hamafza.lib.persian import (
    ZWNJ,
    match_spans,
    normalize,
    normalize_chars,
    search_key,
    search_terms,
    to_ascii_digits,
    to_persian_digits,
)


def test_digits_both_ways():
    assert to_ascii_digits("۱۴۰۳/٠٥/12") == "1403/05/12"
    assert to_persian_digits("1403/٠٥/12") == "۱۴۰۳/۰۵/۱۲"
    assert to_persian_digits(42) == "۴۲"
    assert to_ascii_digits("بدون رقم") == "بدون رقم"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("آسيب", "آسیب"),  # Arabic yeh
        ("مصطفى", "مصطفی"),  # alef maksura
        ("كودك", "کودک"),  # Arabic kaf
        ("كـــتاب", "کتاب"),  # tatweel
        ("آسِیبٌ", "آسیب"),  # harakat
        ("ﺁﺳﯿﺐ", "آسیب"),  # presentation forms, as copied out of a PDF
        ("سلام\u200f دنیا\u202b", "سلام دنیا"),  # bidi controls
        ("a\u00a0b\u2009c", "a b c"),  # odd spaces
        ("مدرسه\u200d", "مدرسه"),  # ZWJ
    ],
)
def test_normalize_chars(raw, expected):
    assert normalize_chars(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("آسیب های اجتماعی", f"آسیب{ZWNJ}های اجتماعی"),
        ("آسيب هاي اجتماعي", f"آسیب{ZWNJ}های اجتماعی"),
        (f"آسیب {ZWNJ} ها", f"آسیب{ZWNJ}ها"),
        ("کتاب هایشان", f"کتاب{ZWNJ}هایشان"),
        ("بزرگ تر و بزرگ ترین", f"بزرگ{ZWNJ}تر و بزرگ{ZWNJ}ترین"),
        ("می روم و نمی شود", f"می{ZWNJ}روم و نمی{ZWNJ}شود"),
        ("  دو   فاصله  \n  خط دوم ", "دو فاصله\nخط دوم"),
        ("دکتر", "دکتر"),  # «تر» inside a word is left alone
        ("ها", "ها"),
        (f"{ZWNJ}", ""),  # a joiner alone joins nothing
        (f" {ZWNJ} \n {ZWNJ}", ""),
        (f"{ZWNJ}متن{ZWNJ}", "متن"),
        ("", ""),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_normalize_is_idempotent():
    for text in ["آسيب هاي اجتماعي", "می روم", "ﺁﺳﯿﺐ‌ﻫﺎی", "كـتاب ها"]:
        assert normalize(normalize(text)) == normalize(text)


@pytest.mark.parametrize(
    "variant",
    [
        "آسیب‌های اجتماعی",
        "آسيب هاي اجتماعي",
        "آسیبهای اجتماعی",
        "آسیب های اجتماعی",
        "آسیب‌ های  اجتماعی",
        "ﺁﺳﯿﺐ‌ﻫﺎی اﺟﺘﻤﺎﻋﯽ",
        "آسـیب‌های اجتماعی",
    ],
)
def test_every_spelling_has_the_same_search_key(variant):
    assert search_key(variant) == "اسیبهای اجتماعی"


def test_search_key_folds_digits_and_case():
    assert search_key("مصوبه ۱۲ جلسه ٣ HQ") == "مصوبه 12 جلسه 3 hq"
    assert search_key("  الف \n\t ب  ") == "الف ب"


def test_search_terms():
    assert search_terms("آسيب هاي  اجتماعي ۱۴") == ["اسیبهای", "اجتماعی", "14"]
    assert search_terms("   ") == []
    assert search_terms(f"{ZWNJ} {ZWNJ}") == []


# Issue 10, defect 11: alef with madda or hamza, the hamza carriers, teh marbuta, ZWNJ, harakat, tatweel
# and the digits of every script fold to one search key.
@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (["اسیب", "آسیب", "آسيب", "آسِیب", "آســیب", "ﺁﺳﯿﺐ", "ا\u0653سیب"], "اسیب"),
        (["اثر", "أثر", "إثر", "ٱثر"], "اثر"),
        (["مسؤول", "مسوول"], "مسوول"),
        (["مسئول", "مسیول", "مسیٔول"], "مسیول"),
        (["جامعة", "جامعه"], "جامعه"),
        (["كودك", "کودک"], "کودک"),
        (["می‌شود", "میشود", "می شود"], "میشود"),
        (["۱۴۰۳", "١٤٠٣", "1403"], "1403"),
        (["لطفاً", "لطفا"], "لطفا"),
    ],
)
def test_search_key_folds_what_search_should_not_tell_apart(variants, key):
    assert {search_key(variant) for variant in variants} == {key}


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        ("پیشگیری از آسیب‌های اجتماعی", "اسیب", ["آسیب"]),
        ("پیشگیری از آسِیب‌ها", "آسيب ها", ["آسِیب‌ها"]),
        ("مصوبه ۱۴ و ۱۵", "14", ["۱۴"]),
        ("كودكان و کودک", "کودک", ["كودك", "کودک"]),
        ("آسیب آسیب", "سی آس", ["آسی", "آسی"]),
    ],
)
def test_match_spans_mark_the_characters_as_written(text, query, marked):
    spans = match_spans(text, search_terms(query))
    assert [text[start:end] for start, end in spans] == marked
