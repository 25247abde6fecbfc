"""Extraction of minutes from text: one small document per shape that minutes come in.

Each document is written here inline; the development corpus copied from shared/minutes-dev is scored
at the end. No Django: the engine is a plain library.
"""

import datetime as dt
import json
from pathlib import Path

import pytest

from hamafza.minutes import extract
from hamafza.minutes.evaluate import evaluate

DEV = Path(__file__).resolve().parent.parent / "data" / "minutes-dev"
ZWNJ = "\u200c"


def rows(draft):
    return [(r.key, r.text, r.responsible) for r in draft.resolutions]


# --- a full set of minutes: header, agenda, discussion, numbered resolutions, next meeting, attendees ---

MINUTES = """بسمه تعالی
صورتجلسه شورای اجتماعی شهرستان نمونه
شماره: ۱۲۳۴/ص  تاریخ: ۱۴۰۲/۰۸/۰۵
جلسه شماره ۲۶ شورای اجتماعی شهرستان در روز سه‌شنبه مورخ ۱۴۰۲/۰۸/۰۲ ساعت ۱۰ صبح به ریاست فرماندار و با حضور اعضا در محل سالن جلسات فرمانداری تشکیل گردید.
دستور جلسه:
۱- بررسی وضعیت کودکان کار
۲- گزارش عملکرد ستاد مبارزه با مواد مخدر
خلاصه مذاکرات:
- آقای رضایی گزارشی از اقدامات انجام شده ارائه کردند.
- مدیر بهزیستی بر ضرورت همکاری دستگاه‌ها تاکید کرد.
مصوبات:
۱- شهرداری موظف است ظرف یک ماه نسبت به ساماندهی کودکان کار اقدام نماید.
۲- تهیه بانک اطلاعات معتادان متجاهر بر عهده اداره بهزیستی خواهد بود.
صفحه ۱ از ۲
۳- نیروی انتظامی و دادگستری نسبت به برخورد با قاچاقچیان اقدام نمایند.
۴- برگزاری همایش پیشگیری از اعتیاد در هفته سلامت. مسئول پیگیری: آموزش و پرورش/ اداره ورزش و جوانان
۵- گزارش پیشرفت اقدامات تا پایان آذرماه ۱۴۰۲ به دبیرخانه ارسال شود.
۶- مقرر شد کمیته امداد حداکثر تا ۱۴۰۲/۰۸/۳۰ فهرست خانواده‌های نیازمند را ارائه کند.
جلسه بعدی در تاریخ ۱۴۰۲/۰۹/۰۲ برگزار خواهد شد.
حاضرین: فرماندار، شهردار، رئیس اداره بهزیستی، فرمانده انتظامی
"""


def test_numbered_minutes_with_agenda_discussion_and_next_meeting():
    draft = extract(MINUTES)
    # The meeting's date, not the letter's (۰۵) nor the next meeting's (۰۹/۰۲).
    assert draft.meeting_date == dt.date(2023, 10, 24)
    assert draft.jalali_date == "1402-08-02"
    assert draft.session_number == 26
    assert draft.body == "شورای اجتماعی شهرستان نمونه"
    assert draft.chair == "فرماندار"
    assert draft.place == "سالن جلسات فرمانداری"
    assert draft.attendees == ["فرماندار", "شهردار", "رئیس اداره بهزیستی", "فرمانده انتظامی"]
    assert draft.layout == "list"
    # Agenda items and discussion bullets are not resolutions; the page number is furniture.
    assert rows(draft) == [
        ("1", "شهرداری موظف است ظرف یک ماه نسبت به ساماندهی کودکان کار اقدام نماید", ["شهرداری"]),
        ("2", "تهیه بانک اطلاعات معتادان متجاهر بر عهده اداره بهزیستی خواهد بود", ["اداره بهزیستی"]),
        (
            "3",
            "نیروی انتظامی و دادگستری نسبت به برخورد با قاچاقچیان اقدام نمایند",
            ["نیروی انتظامی", "دادگستری"],
        ),
        ("4", "برگزاری همایش پیشگیری از اعتیاد در هفته سلامت", ["آموزش و پرورش", "اداره ورزش و جوانان"]),
        ("5", "گزارش پیشرفت اقدامات تا پایان آذرماه ۱۴۰۲ به دبیرخانه ارسال شود", []),
        (
            "6",
            "کمیته امداد حداکثر تا ۱۴۰۲/۰۸/۳۰ فهرست خانواده‌های نیازمند را ارائه کند",
            ["کمیته امداد"],
        ),
    ]
    deadlines = [(r.deadline, r.deadline_text) for r in draft.resolutions]
    assert deadlines == [
        (dt.date(2023, 11, 23), "ظرف یک ماه"),  # a month after the meeting
        (None, ""),
        (None, ""),
        (None, ""),
        (dt.date(2023, 12, 21), "تا پایان آذرماه 1402"),  # 30 Azar 1402
        (dt.date(2023, 11, 21), "حداکثر تا 1402/08/30"),
    ]


def test_spans_point_into_the_source():
    draft = extract(MINUTES)
    for resolution in draft.resolutions:
        start, end = resolution.span
        assert MINUTES[start:end].strip().startswith(resolution.text[:12].replace("ی", "ی"))
    first = draft.resolutions[0]
    assert (
        MINUTES[first.span[0] : first.span[1]]
        == "شهرداری موظف است ظرف یک ماه نسبت به ساماندهی کودکان کار اقدام نماید."
    )


def test_arabic_letters_ascii_digits_and_parenthesis_numbers():
    text = (
        "مصوبات:\n"
        "1) شهرداري منطقه موظف است نسبت به رفع سد معبر اقدام نمايد.\n"
        "2) مسئوليت پيگيري اجراي طرح بر عهده معاونت اجتماعي فرمانداري مي باشد.\n"
        "3) پليس راهور ظرف دو هفته طرح ترافيكي را ارائه كند.\n"
    )
    draft = extract(text)
    assert rows(draft) == [
        ("1", "شهرداری منطقه موظف است نسبت به رفع سد معبر اقدام نماید", ["شهرداری منطقه"]),
        (
            "2",
            "مسئولیت پیگیری اجرای طرح بر عهده معاونت اجتماعی فرمانداری می‌باشد",
            ["معاونت اجتماعی فرمانداری"],
        ),
        ("3", "پلیس راهور ظرف دو هفته طرح ترافیکی را ارائه کند", ["پلیس راهور"]),
    ]
    assert draft.resolutions[2].deadline is None  # «ظرف دو هفته» with no meeting date: no date invented
    assert draft.resolutions[2].deadline_text == "ظرف دو هفته"


def test_band_numbering_and_arabic_indic_digits():
    text = (
        "تاریخ جلسه: ٢٩/٧/١٤٠٢\n"
        "مصوبات جلسه\n"
        "بند ۱: تامین اعتبار لازم برای احداث مرکز نگهداری کودکان بی سرپرست\n"
        "بند ۲: برگزاری جلسات ماهانه کمیته\n"
        "بند ۳: اداره کل بهزیستی مکلف است فهرست مراکز را تا ۱۵ دی ماه اعلام کند.\n"
    )
    draft = extract(text)
    assert draft.meeting_date == dt.date(2023, 10, 21)
    assert rows(draft) == [
        ("1", "تامین اعتبار لازم برای احداث مرکز نگهداری کودکان بی‌سرپرست", []),
        ("2", "برگزاری جلسات ماهانه کمیته", []),
        ("3", "اداره کل بهزیستی مکلف است فهرست مراکز را تا ۱۵ دی ماه اعلام کند", ["اداره کل بهزیستی"]),
    ]
    assert draft.resolutions[2].deadline == dt.date(2024, 1, 5)  # 15 Dey 1402


def test_ordinal_words_and_a_textual_date():
    text = (
        "جلسه ستاد ساماندهی امور جوانان\n"
        "مورخ شنبه ۲۹ مهر ۱۴۰۲\n"
        "مصوبات:\n"
        "اول- برگزاری اردوهای جهادی در مناطق محروم\n"
        "دوم- تشکیل کانون های فرهنگی مساجد با همکاری سازمان تبلیغات اسلامی\n"
        "سوم- ایجاد سامانه ثبت نام داوطلبان توسط اداره ورزش و جوانان\n"
    )
    draft = extract(text)
    assert draft.meeting_date == dt.date(2023, 10, 21)
    assert draft.body == "ستاد ساماندهی امور جوانان"
    assert rows(draft) == [
        ("1", "برگزاری اردوهای جهادی در مناطق محروم", []),
        ("2", "تشکیل کانون‌های فرهنگی مساجد با همکاری سازمان تبلیغات اسلامی", ["سازمان تبلیغات اسلامی"]),
        ("3", "ایجاد سامانه ثبت نام داوطلبان توسط اداره ورزش و جوانان", ["اداره ورزش و جوانان"]),
    ]


def test_two_level_numbering_keeps_sentences_and_drops_titles():
    text = (
        "صورتجلسه بیست و یکمین جلسه قرارگاه اجتماعی استان همدان\n"
        "زمان: سه‌شنبه ۲۴ مرداد ۱۴۰۲\n"
        "مصوبات:\n"
        "1- حوزه سلامت روان:\n"
        "1-1- شبکه بهداشت و درمان غربالگری افسردگی را در مراکز سلامت اجرا کند.\n"
        "1-2- اطلاع رسانی از طریق صدا و سیما\n"
        "2- ساماندهی معتادان متجاهر در شهر همدان به شرح زیر انجام شود:\n"
        "2-1 شهرداری همدان هزینه تغذیه مددجویان کمپ ها را تأمین نماید.\n"
    )
    draft = extract(text)
    assert draft.session_number == 21
    assert draft.meeting_date == dt.date(2023, 8, 15)
    assert [(r.number, r.sub_number, r.label) for r in draft.resolutions] == [
        (1, "1", "1-1-"),
        (1, "2", "1-2-"),
        (2, None, "2-"),
        (2, "1", "2-1"),
    ]
    assert draft.resolutions[0].responsible == ["شبکه بهداشت و درمان"]
    assert draft.resolutions[3].responsible == ["شهرداری همدان"]
    assert draft.resolutions[3].text == "شهرداری همدان هزینه تغذیه مددجویان کمپ‌ها را تأمین نماید"


def test_items_without_numbers_after_the_heading_take_their_positions():
    text = (
        "کارگروه سلامت\n"
        "مصوبات:\n"
        "برگزاری جلسات ماهانه کارگروه در محل استانداری\n"
        "تهیه گزارش جامع از وضعیت آسیب های اجتماعی استان توسط دبیرخانه\n"
        "پیگیری تامین اعتبار طرح های پیشگیری از طریق سازمان برنامه و بودجه\n"
    )
    draft = extract(text)
    assert rows(draft) == [
        ("1", "برگزاری جلسات ماهانه کارگروه در محل استانداری", []),
        ("2", "تهیه گزارش جامع از وضعیت آسیب‌های اجتماعی استان توسط دبیرخانه", ["دبیرخانه"]),
        ("3", "پیگیری تامین اعتبار طرح‌های پیشگیری از طریق سازمان برنامه و بودجه", ["سازمان برنامه و بودجه"]),
    ]
    assert draft.place is None  # «در محل» inside a resolution is not the meeting's place


def test_numbered_decisions_without_a_heading():
    text = (
        "جلسه کمیته پیشگیری در تاریخ ۱۴۰۲/۰۴/۱۱ برگزار شد و موارد زیر مورد بررسی قرار گرفت.\n"
        "۱. شهرداری و شورا نسبت به تأمین فضای مناسب برای مرکز مشاوره اقدام کنند.\n"
        "۲. سازمان بهزیستی استان ظرف یک ماه چهار مشاور زن معرفی نماید.\n"
        "۳. ثبت همه پرونده‌های مشاوره در سامانه یکپارچه.\n"
    )
    draft = extract(text)
    assert rows(draft) == [
        ("1", "شهرداری و شورا نسبت به تأمین فضای مناسب برای مرکز مشاوره اقدام کنند", ["شهرداری", "شورا"]),
        ("2", "سازمان بهزیستی استان ظرف یک ماه چهار مشاور زن معرفی نماید", ["سازمان بهزیستی استان"]),
        ("3", "ثبت همه پرونده‌های مشاوره در سامانه یکپارچه", []),
    ]
    assert draft.resolutions[1].deadline == dt.date(2023, 8, 2)  # a month after 1402/04/11


# --- tables ---------------------------------------------------------------------------------------------


def test_table_with_tabs_takes_agencies_and_deadlines_from_their_columns():
    text = (
        "صورتجلسه کارگروه سلامت و امنیت غذایی\n"
        "تاریخ جلسه: 98/12/15\n"
        "ردیف\tمصوبه\tمسئول پیگیری\tمهلت اجرا\n"
        "1\tشهرداری موظف است کمیته پایش کیفیت آب شرب روستاها را تشکیل دهد\tشرکت آب و فاضلاب روستایی\tیک ماه\n"
        "2\tاجرای طرح غربالگری سلامت دانش آموزان\tآموزش و پرورش، شبکه بهداشت و درمان\tپایان سال\n"
        "3\tبرگزاری کارگاه آموزشی برای بهورزان\t\t\n"
    )
    draft = extract(text)
    assert draft.meeting_date == dt.date(2020, 3, 5)
    assert draft.layout == "table"
    # The column names the agency, even where the sentence names another («شهرداری»).
    assert rows(draft) == [
        ("1", "شهرداری موظف است کمیته پایش کیفیت آب شرب روستاها را تشکیل دهد", ["شرکت آب و فاضلاب روستایی"]),
        ("2", "اجرای طرح غربالگری سلامت دانش‌آموزان", ["آموزش و پرورش", "شبکه بهداشت و درمان"]),
        ("3", "برگزاری کارگاه آموزشی برای بهورزان", ["آموزش و پرورش", "شبکه بهداشت و درمان"]),
    ]
    assert [r.deadline for r in draft.resolutions] == [dt.date(2020, 4, 3), dt.date(2020, 3, 19), None]
    assert all(r.confidence >= 0.9 for r in draft.resolutions)


def test_table_in_right_to_left_column_order_and_a_repeated_header():
    # Readers give the rightmost column first; the header names the columns, wherever they are.
    text = (
        "مصوبات جلسه\n"
        "شماره\tشرح مصوبه\tدستگاه مسئول\n"
        "۱\tبرگزاری مسابقات ورزشی محلات\tاداره ورزش و جوانان\n"
        "شماره\tشرح مصوبه\tدستگاه مسئول\n"
        "۲\tتجهیز کتابخانه‌های مساجد\tوزارت کشور/ کانون پرورش فکری\n"
    )
    draft = extract(text)
    assert rows(draft) == [
        ("1", "برگزاری مسابقات ورزشی محلات", ["اداره ورزش و جوانان"]),
        ("2", "تجهیز کتابخانه‌های مساجد", ["وزارت کشور", "کانون پرورش فکری"]),
    ]


def test_table_without_a_header_after_the_heading():
    text = (
        "مصوبات:\n"
        "۱\tتشکیل پایگاه سلامت در محله هدف\tدانشگاه علوم پزشکی\n"
        "۲\tتامین روشنایی معابر محله\tشهرداری منطقه ۱۹\n"
    )
    draft = extract(text)
    assert rows(draft) == [
        ("1", "تشکیل پایگاه سلامت در محله هدف", ["دانشگاه علوم پزشکی"]),
        ("2", "تامین روشنایی معابر محله", ["شهرداری منطقه ۱۹"]),
    ]


def test_table_pasted_without_tabs():
    text = (
        "مصوبات\n"
        "ردیف\n"
        "شرح مصوبه مسئول پیگیری\n"
        "1\n"
        "برگزاری کلاس‌های آموزش خانواده در مدارس محلات هدف\n"
        "اداره آموزش و پرورش\n"
        "2\n"
        "ساماندهی دستفروشان خیابان اصلی\n"
        "شهرداری\n"
        "3\n"
        "پیگیری ایجاد اشتغال برای جوانان محله\n"
        "اداره کار و رفاه اجتماعی\n"
    )
    draft = extract(text)
    assert draft.layout == "table"
    assert rows(draft) == [
        ("1", "برگزاری کلاس‌های آموزش خانواده در مدارس محلات هدف", ["اداره آموزش و پرورش"]),
        ("2", "ساماندهی دستفروشان خیابان اصلی", ["شهرداری"]),
        ("3", "پیگیری ایجاد اشتغال برای جوانان محله", ["اداره کار و رفاه اجتماعی"]),
    ]


# --- news reports ---------------------------------------------------------------------------------------


NEWS = """ date 2025-05-10 به گزارش روابط عمومی فرمانداری، نشست شورای تامین شهرستان صبح امروز به ریاست فرماندار برگزار شد.
فرماندار در این نشست گفت: امنیت پایدار نیازمند همکاری همه دستگاه هاست.
وی افزود: این دستورالعمل در سال ۹۵ در شورای امنیت کشور تصویب شد.
در پایان این جلسه مقرر گردید شهرداری با همکاری نیروی انتظامی نسبت به جمع آوری معتادان متجاهر اقدام کند.
همچنین مقرر شد گزارش اقدامات هر ماه به دبیرخانه شورا ارائه شود.
کد خبر 12345
برچسب‌ها
"""


def test_news_report_decisions_follow_muqarrar_shod():
    draft = extract(NEWS)
    assert draft.meeting_date == dt.date(2025, 5, 10)
    assert draft.layout == "prose"
    # A law «passed» in another year and body is not this meeting's decision.
    assert rows(draft) == [
        (
            "1",
            "شهرداری با همکاری نیروی انتظامی نسبت به جمع آوری معتادان متجاهر اقدام کند",
            ["شهرداری", "نیروی انتظامی"],
        ),
        ("2", "گزارش اقدامات هر ماه به دبیرخانه شورا ارائه شود", []),
    ]
    assert all(r.confidence < 0.9 for r in draft.resolutions)


def test_news_report_without_decisions_has_none_and_its_boilerplate_is_ignored():
    text = (
        "۲۹ دی ۱۳۹۷، ۸:۴۷\n\nسردار اشتری مطرح کرد؛\n\n"
        "به گزارش خبرنگار مهر، سردار حسین اشتری، صبح شنبه در بیستویکمین گردهمایی تخصصی معاونین اجتماعی "
        "استانها اظهار کرد: معاونت اجتماعی یکی از معاونتهای مهم است.\n\n"
        "وی افزود: قرار است اهداف سال ۹۸ تا یک ماه دیگر اعلام شود.\n\nکد خبر 4516776\n\nبرچسبها\n\nنظر شما\n"
        "  • نظرات حاوی توهین و هرگونه نسبت ناروا به اشخاص حقیقی و حقوقی منتشر نمیشود.\n"
        "  • نظراتی که غیر از زبان فارسی یا غیر مرتبط با خبر باشد منتشر نمیشود.\n  • captcha"
    )
    draft = extract(text)
    assert draft.resolutions == []
    assert "no-resolutions" in draft.warnings
    assert draft.meeting_date == dt.date(2019, 1, 19)


# --- text copied out of a PDF in visual order -------------------------------------------------------------


def _visual(text: str) -> str:
    """Minutes as a PDF viewer copies them: each line's words last-first, stops and markers turned round."""
    out = []
    for line in text.split("\n"):
        words = []
        for word in line.split(" "):
            if word.endswith(".") and len(word) > 1:
                word = "." + word[:-1]
            if word[:-1].isdigit() and word.endswith("-"):
                word = "-" + word[:-1]
            words.append(word)
        out.append(" ".join(reversed(words)))
    return "\n".join(out)


def test_lines_in_reversed_word_order_are_read_back():
    draft = extract(_visual(MINUTES))
    assert "visual-order" in draft.warnings
    assert draft.meeting_date == dt.date(2023, 10, 24)
    assert draft.session_number == 26
    assert [r.text for r in draft.resolutions] == [r.text for r in extract(MINUTES).resolutions]
    assert [r.responsible for r in draft.resolutions] == [r.responsible for r in extract(MINUTES).resolutions]
    assert all(r.confidence < 0.9 for r in draft.resolutions)


def test_a_table_copied_in_visual_order_with_split_ligatures():
    # The runs of each line come last-first, «ی» and «لا» were drawn as runs of their own, and the
    # agency column (the table's leftmost) comes first on one-line rows. See shared/seeds/001.
    text = (
        "مصوبات\n"
        "مسوول پیگیری شرح مصوبه ردیف\n"
        "1\n"
        "ت هدف لامرتبط با مح یدستگاهها نیب ییو هم افزا یهماهنگ جادیا\n"
        " عضو کارگروهادارات\n"
        "2\n"
        "خدمت هر کدام  یابیعضو کارگروه و نسبت  یدستگاهها تیظرف ءاحصا\n"
        "ادارات عضو کارگروه\n"
        " ادارات عضو کارگروه پرهیز از عمل جزیره ای و تاکید به انجام در حوزه نظری و عملی 3\n"
        " اداره کل آموزش و پرورش   ضرورت اعزام معلمان توانمند به نقاط هدف )حاشیه( 4\n"
        " وزارت کشور/ کانون پرورش فکری نقاط هدف به کتابخانه های ثابت و سیار ضرورت تأمین و تجهیز 5\n"
    )
    draft = extract(text)
    assert rows(draft) == [
        ("1", "ایجاد هماهنگی و هم‌افزایی بین دستگاه‌های مرتبط با محلات هدف", ["ادارات عضو کارگروه"]),
        ("2", "احصاء ظرفیت دستگاه‌های عضو کارگروه و نسبت‌یابی خدمت هر کدام", ["ادارات عضو کارگروه"]),
        ("3", "پرهیز از عمل جزیره‌ای و تاکید به انجام در حوزه نظری و عملی", ["ادارات عضو کارگروه"]),
        ("4", "ضرورت اعزام معلمان توانمند به نقاط هدف (حاشیه)", ["اداره کل آموزش و پرورش"]),
        ("5", "نقاط هدف به کتابخانه‌های ثابت و سیار ضرورت تأمین و تجهیز", ["وزارت کشور", "کانون پرورش فکری"]),
    ]


def test_sound_text_is_never_repaired():
    # Unknown words (names, rare terms) in ordinary minutes stay as they are.
    draft = extract(MINUTES.replace("متجاهر", "متجاهرِ").replace("رضایی", "نورمحمدی"))
    assert draft.repaired_lines == 0
    assert "visual-order" not in draft.warnings


# --- spelling -------------------------------------------------------------------------------------------


def test_text_without_zwnj_gets_persian_spelling():
    text = (
        "مصوبات:\n"
        "۱- پیگیری مصوبات بهصورت مستمر انجام شده و گزارش آسیبهای اجتماعی بهصورت دورهای ارائه میشود.\n"
        "۲- اولویت بندی محلات و هم افزایی دستگاههای مرتبط بمنظور پیشگیری\n"
    )
    draft = extract(text)
    assert [r.text for r in draft.resolutions] == [
        "پیگیری مصوبات به‌صورت مستمر انجام شده و گزارش آسیب‌های اجتماعی به‌صورت دوره‌ای ارائه می‌شود",
        "اولویت‌بندی محلات و هم‌افزایی دستگاه‌های مرتبط به‌منظور پیشگیری",
    ]


def test_nothing_is_invented():
    draft = extract("مصوبات:\n۱- برگزاری جشن روز محله در پارک مرکزی\n۲- تهیه بروشور آموزشی\n")
    assert [r.responsible for r in draft.resolutions] == [[], []]
    assert [r.deadline for r in draft.resolutions] == [None, None]
    assert draft.meeting_date is None and draft.body is None and draft.session_number is None


def test_empty_text_gives_an_empty_draft():
    draft = extract("")
    assert draft.resolutions == [] and draft.meeting_date is None
    assert draft.warnings == ["no-resolutions"]


# --- sources and JSON -----------------------------------------------------------------------------------


def test_a_path_and_bytes_with_their_name_are_read(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_bytes(MINUTES.encode("utf-16"))
    from_path = extract(path)
    from_bytes = extract(MINUTES.encode("utf-8"), "minutes.txt")
    assert [r.text for r in from_path.resolutions] == [r.text for r in extract(MINUTES).resolutions]
    assert [r.text for r in from_bytes.resolutions] == [r.text for r in extract(MINUTES).resolutions]


def test_json_has_the_keys_of_the_gold_files():
    payload = extract(MINUTES).to_json()
    assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload
    assert payload["meeting_date"] == "2023-10-24"
    assert payload["jalali_date"] == "1402-08-02"
    assert payload["session_number"] == 26
    first = payload["resolutions"][0]
    assert set(first) == {
        "number", "sub_number", "label", "text", "responsible", "deadline", "deadline_jalali",
        "deadline_text", "confidence", "span",
    }  # fmt: skip
    assert first["deadline"] == "2023-11-23" and first["deadline_jalali"] == "1402-09-02"


# --- the development corpus -----------------------------------------------------------------------------


def test_development_corpus_scores_perfectly():
    report = evaluate([DEV])
    totals = report.totals()
    assert totals["documents"] == 2
    assert (totals["f1"], totals["responsible_f1"], totals["date_accuracy"]) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("name", ["000", "001"])
def test_development_documents_match_their_gold(name):
    gold = json.loads((DEV / f"{name}.json").read_text(encoding="utf-8"))
    draft = extract(DEV / f"{name}.txt")
    assert draft.to_json()["meeting_date"] == gold["meeting_date"]
    assert [r.number for r in draft.resolutions] == [r["number"] for r in gold["resolutions"]]
    assert [r.responsible for r in draft.resolutions] == [r["responsible"] for r in gold["resolutions"]]


def test_two_decisions_in_one_sentence_of_a_report():
    text = (
        "جلسه شورای آموزش و پرورش شهرستان مورخ ۱۴۰۳/۰۲/۱۰ تشکیل شد. در این جلسه پس از بحث و بررسی مقرر شد "
        "آموزش و پرورش ظرف دو هفته برنامه اوقات فراغت را ارائه کند و همچنین مقرر گردید اداره ورزش و جوانان "
        "در اجرای برنامه همکاری نماید."
    )
    draft = extract(text)
    assert draft.meeting_date == dt.date(2024, 4, 29)
    assert rows(draft) == [
        ("1", "آموزش و پرورش ظرف دو هفته برنامه اوقات فراغت را ارائه کند", ["آموزش و پرورش"]),
        ("2", "اداره ورزش و جوانان در اجرای برنامه همکاری نماید", ["اداره ورزش و جوانان"]),
    ]
    assert draft.resolutions[0].deadline == dt.date(2024, 5, 13)
    assert [text[slice(*r.span)] for r in draft.resolutions] == [r.text for r in draft.resolutions]


def test_a_decision_verb_followed_by_a_persian_comma_opens_the_decision():
    """«مقرر گردید،» — the Persian comma (U+060C) lies in the Arabic block, and a word boundary written as
    «no Arabic-block character after» refused it: the second item of real minutes (001) was lost."""
    text = (
        "780  مقرر گردید روزهای دوشنبه هر هفته یکی از کمیسیون های تخصصی شورا برگزار گردد.\n\n"
        "781 مقرر گردید، جلسات هیات رئیسه شورا هفته ای یکبار برگزار گردد.\n\n"
        "782 مقرر شد؛ گزارش عملکرد شهرداری هر ماه به شورا ارائه شود.\n"
    )
    draft = extract(text)
    assert [r.number for r in draft.resolutions] == [780, 781, 782]
    assert draft.resolutions[1].text.startswith("جلسات هیات رئیسه")
    assert draft.resolutions[2].text.startswith("گزارش عملکرد")


def test_a_short_label_without_a_verb_is_marked_for_checking():
    """A form's labels under published minutes («تصویب نامه», «شماره انتشار») read as items of a list:
    short and without a verb, they are low-confidence, while a decision of the list is not."""
    draft = extract((Path(__file__).resolve().parents[1] / "data" / "minutes-real" / "040.txt").read_text())
    by_text = {r.text: r.confidence for r in draft.resolutions}
    assert by_text["تصویب نامه"] < 0.6 and by_text["شماره انتشار"] < 0.6
    decisions = [c for t, c in by_text.items() if t.startswith(("شورا", "روزها"))]
    assert decisions and all(c >= 0.6 for c in decisions)


def test_the_missed_list_offers_no_vote_record_and_no_repeated_headline():
    """Real minutes (001) follow each decision with how it was voted («با اتفاق آراء مورد تصویب … قرار
    گرفت»), and news pages repeat their headline (140): neither is a decision the reader missed."""
    for name in ("001", "140"):
        draft = extract(
            (Path(__file__).resolve().parents[1] / "data" / "minutes-real" / f"{name}.txt").read_text()
        )
        texts = [m.text for m in draft.missed]
        assert not any(t.startswith(("با اتفاق", "به اتفاق")) for t in texts), name
        assert len(texts) == len(set(texts)), name
