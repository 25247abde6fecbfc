"""The parts of extraction on their own: dates, deadlines, markers, agencies, line repair, spelling."""

import datetime as dt

import pytest

from hamafza.lib.persian import mirror_brackets, normalize, normalize_compounds
from hamafza.minutes import dates, match_organizations, numbering, responsible
from hamafza.minutes.repair import repair_line, reverse_words, to_reading_order
from hamafza.minutes.text import ascii_digits, split_lines

ZWNJ = "\u200c"


# --- dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "۲۹/۷/۱۴۰۲",
        "1402/07/29",
        "۱۴۰۲-۰۷-۲۹",
        "٢٩/٧/١٤٠٢",
        "۰۲/۰۷/۲۹",
        "۲۹ مهر ۱۴۰۲",
        "۲۹ مهرماه ۱۴۰۲",
        "۲۹ام مهر ماه سال ۱۴۰۲",
        "شنبه ۲۹ مهر ۱۴۰۲",
        "2023-10-21",
    ],
)
def test_every_common_form_of_a_date(text):
    found = dates.find_dates(ascii_digits(text))
    assert [f.date for f in found] == [dt.date(2023, 10, 21)]


def test_two_digit_years_and_what_is_not_a_date():
    assert [f.date for f in dates.find_dates("98/12/15")] == [dt.date(2020, 3, 5)]
    assert [f.date for f in dates.find_dates("15/12/98")] == [dt.date(2020, 3, 5)]
    assert dates.find_dates("1-2-3") == []  # an item number
    assert dates.find_dates("1402/13/01") == []
    assert dates.find_dates("۲۹ مهر") == []  # no year and none to assume
    assert [f.date for f in dates.find_dates("۲۹ مهر", default_year=1402)] == [dt.date(2023, 10, 21)]


@pytest.mark.parametrize(
    ("text", "expected", "phrase"),
    [
        ("گزارش تا پایان آذرماه ۱۴۰۲ ارسال شود", dt.date(2023, 12, 21), "تا پایان آذرماه 1402"),
        ("گزارش تا پایان آذر ارسال شود", dt.date(2023, 12, 21), "تا پایان آذر"),
        ("طرح ظرف یک ماه تهیه شود", dt.date(2023, 11, 20), "ظرف یک ماه"),  # 29 Aban
        ("طرح حداکثر ظرف ۱۰ روز تهیه شود", dt.date(2023, 10, 31), "حداکثر ظرف 10 روز"),
        ("طی دو هفته آینده", dt.date(2023, 11, 4), "طی دو هفته آینده"),
        ("حداکثر تا ۱۴۰۲/۰۸/۳۰ ارائه شود", dt.date(2023, 11, 21), "حداکثر تا 1402/08/30"),
        ("مهلت اجرا: ۱۴۰۲/۰۹/۱۵", dt.date(2023, 12, 6), "مهلت اجرا: 1402/09/15"),
        ("تا پایان سال جاری", dt.date(2024, 3, 19), "تا پایان سال جاری"),
        ("تا ۱۵ فروردین", dt.date(2024, 4, 3), "تا 15 فروردین"),  # the next فروردین after the meeting
    ],
)
def test_deadlines_count_from_the_meeting(text, expected, phrase):
    meeting = dt.date(2023, 10, 21)  # 29 Mehr 1402
    deadline = dates.find_deadline(ascii_digits(text), meeting)
    assert (deadline.date, deadline.text) == (expected, phrase)


def test_a_relative_deadline_without_a_meeting_date_keeps_its_words_only():
    deadline = dates.find_deadline("ظرف یک ماه", None)
    assert (deadline.date, deadline.text) == (None, "ظرف یک ماه")
    assert dates.find_deadline("برگزاری جلسات ماهانه", dt.date(2023, 10, 21)) is None


def test_the_meeting_date_is_told_from_letters_next_meetings_and_deadlines():
    def score(text):
        key = ascii_digits(text)
        return dates.score_meeting_date(key, dates.find_dates(key)[0], line_rank=3, in_resolutions=False)

    meeting = score("جلسه کارگروه در روز شنبه مورخ ۱۴۰۲/۰۷/۲۹ برگزار شد")
    assert meeting > score("بازگشت به نامه شماره ۱۲/۴۵ مورخ ۱۴۰۲/۰۶/۰۱")
    assert meeting > score("جلسه بعدی در تاریخ ۱۴۰۲/۰۸/۲۹ برگزار خواهد شد")
    assert meeting > score("گزارش حداکثر تا ۱۴۰۲/۰۸/۳۰ ارسال شود")
    assert score("تاریخ جلسه: ۱۴۰۲/۰۷/۲۹") > score("تاریخ: ۱۴۰۲/۰۸/۰۵")


# --- item markers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "sub", "kind"),
    [
        ("1- متن", 1, None, "numeric"),
        ("۱- متن", 1, None, "numeric"),
        ("12) متن", 12, None, "numeric"),
        ("3. متن", 3, None, "numeric"),
        ("(۲) متن", 2, None, "numeric"),
        ("بند ۴: متن", 4, None, "numeric"),
        ("مصوبه ۵- متن", 5, None, "numeric"),
        ("1-1- متن", 1, "1", "numeric"),
        ("۲-۳-۱- متن", 2, "3-1", "numeric"),
        ("2-1 متن", 2, "1", "numeric"),
        ("دوم- متن", 2, None, "ordinal"),
        ("سوم: متن", 3, None, "ordinal"),
        ("الف- متن", 1, None, "abjad"),
        ("• متن", None, None, "bullet"),
    ],
)
def test_item_markers(text, number, sub, kind):
    marker = numbering.leading_marker(ascii_digits(text))
    assert (marker.number, marker.sub, marker.kind) == (number, sub, kind)
    assert ascii_digits(text)[marker.end :] == "متن"


def test_what_is_not_a_marker():
    assert numbering.leading_marker("29/7/1402 جلسه برگزار شد") is None
    assert numbering.leading_marker("16 نفر حضور داشتند") is None
    assert numbering.alone_number(" 12 ") == 12
    assert numbering.trailing_marker("ادارات عضو کارگروه پرهیز از عمل  5") == (5, 31)


# --- agencies -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("تهیه بانک اطلاعات بر عهده اداره بهداشت خواهد بود", ["اداره بهداشت"]),
        ("شهرداری موظف است سد معبر را رفع کند", ["شهرداری"]),
        ("مقرر شد نیروی انتظامی نسبت به جمع‌آوری معتادان اقدام نماید", ["نیروی انتظامی"]),
        ("برگزاری همایش. مسئول پیگیری: آموزش و پرورش", ["آموزش و پرورش"]),
        ("شهرداری و شورا نسبت به تأمین فضا اقدام کنند", ["شهرداری", "شورا"]),
        ("شهرداری اسلامشهر طرح ساماندهی فضاهای بی‌دفاع را اجرا کند", ["شهرداری اسلامشهر"]),
        ("پلیس مبارزه با مواد مخدر نسبت به شناسایی اقدام کند", ["پلیس مبارزه با مواد مخدر"]),
        (
            "اعلام فهرست بر عهده اداره کل تعاون، کار و رفاه اجتماعی خواهد بود",
            ["اداره کل تعاون، کار و رفاه اجتماعی"],
        ),
        ("کمیته امداد امام خمینی (ره) نسبت به اعطای وام اقدام نماید", ["کمیته امداد امام خمینی (ره)"]),
        ("ارسال گزارش عملکرد توسط دستگاه‌ها به استانداری", ["دستگاه‌ها"]),
        ("آموزش مهارت‌های زندگی به والدین", []),
        ("برگزاری جلسات ماهانه کمیته", []),
    ],
)
def test_agencies_named_by_the_sentence(text, names):
    assert responsible.from_sentence(text) == names


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("وزارت کشور/ کانون پرورش فکری", ["وزارت کشور", "کانون پرورش فکری"]),
        ("شهرداری و شورا", ["شهرداری", "شورا"]),
        ("اداره کل آموزش و پرورش", ["اداره کل آموزش و پرورش"]),
        ("آموزش و پرورش، شبکه بهداشت و درمان", ["آموزش و پرورش", "شبکه بهداشت و درمان"]),
        ("شهرداری با همکاری نیروی انتظامی", ["شهرداری", "نیروی انتظامی"]),
        ("اداره ورزش و جوانان؛ بهزیستی", ["اداره ورزش و جوانان", "بهزیستی"]),
        ("صدا و سیما", ["صدا و سیما"]),
    ],
)
def test_cells_are_split_into_organisations(cell, names):
    assert responsible.split_names(cell) == names


REGISTRY = [
    (1, "اداره کل آموزش و پرورش استان"),
    (2, "اداره کل بهزیستی استان"),
    (3, "شهرداری رشت"),
    (4, "فرماندهی انتظامی استان"),
    (5, "کانون پرورش فکری کودکان و نوجوانان"),
]


def test_responsible_names_are_matched_to_the_registry():
    results = match_organizations(
        ["آموزش و پرورش", "بهزيستي", "کانون پرورش فکری", "انجمن خیریه محله"], REGISTRY
    )
    assert [r["name"] for r in results] == [
        "آموزش و پرورش",
        "بهزيستي",
        "کانون پرورش فکری",
        "انجمن خیریه محله",
    ]
    assert results[0]["suggestions"][0]["id"] == 1
    assert results[1]["suggestions"][0]["id"] == 2  # Arabic letters make no difference
    assert results[2]["suggestions"][0]["id"] == 5
    assert results[2]["match"] == 5
    # An agency the registry lacks keeps its name and gets no confident match.
    assert results[3]["match"] is None
    scores = [s["score"] for s in results[0]["suggestions"]]
    assert scores == sorted(scores, reverse=True)


def test_an_empty_registry_suggests_nothing():
    assert match_organizations(["شهرداری"], []) == [{"name": "شهرداری", "suggestions": [], "match": None}]


# --- lines in visual order ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # seed 001: runs last-first, «ی» and «لا» drawn as runs of their own
        (
            "ت هدف لامرتبط با مح یدستگاهها نیب ییو هم افزا یهماهنگ جادیا",
            "ایجاد هماهنگی و هم افزایی بین دستگاههای مرتبط با محلات هدف",
        ),
        ("یت هدف سازمان اجتماعلاکننده در مح", "کننده در محلات هدف سازمان اجتماعی"),
        (" عضو کارگروهادارات ", "ادارات عضو کارگروه"),
        (
            "خدمت هر کدام  یابیعضو کارگروه و نسبت  یدستگاهها تیظرف ءاحصا",
            "احصاء ظرفیت دستگاههای عضو کارگروه و نسبتیابی خدمت هر کدام",
        ),
        (
            " ول و تعالی جوامع حاشیه ایتح رپردازی در حوزه  مدیریت مبتنی ب",
            "پردازی در حوزه مدیریت مبتنی بر تحول و تعالی جوامع حاشیه ای",
        ),
        # each word a run, lam-alef split off
        ("تسهیلگری دفاتر توسط ملی سامانه در هدف ت لامح عات لااط تکمیل", None),
    ],
)
def test_lines_copied_in_visual_order_are_put_back(line, expected):
    if expected is not None:
        assert repair_line(line) == expected
    else:
        words = set(to_reading_order(line).split())
        assert {"اطلاعات", "محلات", "تکمیل", "هدف"} <= words


def test_sound_lines_are_left_alone():
    assert repair_line("شهرداری موظف است ظرف یک ماه نسبت به ساماندهی کودکان کار اقدام نماید.") is None
    assert repair_line("ساماندهی معتادان متجاهر و کودکان کار در محلات اسلامشهر") is None
    assert to_reading_order("برگزاری جلسات ماهانه کمیته") == "برگزاری جلسات ماهانه کمیته"


def test_words_turned_round():
    assert reverse_words(".شد برگزار جلسه -۱") == "۱- جلسه برگزار شد."
    assert to_reading_order(".نماید اقدام شهرداری -۲") == "۲- شهرداری اقدام نماید."


# --- spelling and lines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("اولویت بندی محلات", f"اولویت{ZWNJ}بندی محلات"),
        ("دستگاههای مرتبط", f"دستگاه{ZWNJ}های مرتبط"),
        ("بهصورت دورهای", f"به{ZWNJ}صورت دورهای"),
        ("حاشیه ای", f"حاشیه{ZWNJ}ای"),
        ("بمنظور پیشگیری", f"به{ZWNJ}منظور پیشگیری"),
        ("هم افزایی", f"هم{ZWNJ}افزایی"),
        ("مداخله کننده", f"مداخله{ZWNJ}کننده"),
        ("بروز آسیب", "بروز آسیب"),
        ("شهرداری هم باید", "شهرداری هم باید"),
        ("ایده، پردازی", "ایده، پردازی"),
    ],
)
def test_compound_spelling(raw, expected):
    assert normalize_compounds(raw) == expected


def test_compound_spelling_leaves_normalize_as_it_was():
    assert normalize("اولویت بندی") == "اولویت بندی"
    assert normalize_compounds("كتاب ها") == f"کتاب{ZWNJ}ها"
    assert mirror_brackets(")حاشیه(") == "(حاشیه)"


def test_lines_keep_their_place_in_the_source():
    source = "اول\r\nدوم ﻻ\nسوم"
    lines = split_lines(source)
    assert [line.text for line in lines] == ["اول", "دوم لا", "سوم"]
    assert [source[line.start : line.end] for line in lines] == ["اول", "دوم ﻻ", "سوم"]
    assert lines[1].src(4) == source.index("ﻻ")
