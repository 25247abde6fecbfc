"""The demo's story: every meeting, its resolutions, and what each organisation reported and when."""

import datetime as dt
from dataclasses import dataclass, field

from hamafza.demo.data import HQ_SEED_DATE, MEETING_7_DATE
from hamafza.meetings import services
from hamafza.meetings.models import Assignment
from hamafza.orgs.models import Organization


@dataclass
class Event:
    """Something done on an assignment: a report (percent, note), or the secretariat's review of it."""

    on: dt.date
    action: str  # submit · accept · return · extend
    percent: int | None = None
    text: str = ""
    evidence: tuple[str, list[list[str]]] | None = None
    deadline: dt.date | None = None


def submit(on, percent, text, evidence=None) -> Event:
    return Event(on, "submit", percent, text, evidence)


def accept(on, text="") -> Event:
    return Event(on, "accept", text=text)


def send_back(on, text) -> Event:
    return Event(on, "return", text=text)


def extend(on, deadline) -> Event:
    return Event(on, "extend", deadline=deadline)


@dataclass
class Duty:
    org: str
    role: str = Assignment.Role.LEAD
    deadline: dt.date | None = None
    every: int | None = None  # months between periodic reports
    continuous: bool = False
    events: list[Event] = field(default_factory=list)

    def spec(self, organizations: dict[str, Organization]) -> services.AssignmentSpec:
        if self.continuous:
            recurrence = Assignment.Recurrence.CONTINUOUS
        elif self.every:
            recurrence = Assignment.Recurrence.PERIODIC
        else:
            recurrence = Assignment.Recurrence.ONCE
        return services.AssignmentSpec(
            organizations[self.org],
            role=self.role,
            recurrence=recurrence,
            deadline=self.deadline,
            interval=self.every,
            interval_unit=Assignment.IntervalUnit.MONTH,
        )


def lead(org, **kwargs) -> Duty:
    return Duty(org, Assignment.Role.LEAD, **kwargs)


def support(org, **kwargs) -> Duty:
    return Duty(org, Assignment.Role.SUPPORTING, **kwargs)


@dataclass
class Item:
    number: str
    text: str
    duties: list[Duty]
    topics: list[str] = field(default_factory=list)
    targets: bool = False  # aimed at District 21's target neighbourhoods
    cancelled: tuple[dt.date, str] | None = None


@dataclass
class Sitting:
    body: str
    number: int
    held_on: dt.date
    place: str
    chair: str
    attendees: list[str]
    agenda: str
    items: list[Item]


# fmt: off
LIBRARIES = ("فهرست کتابخانه‌ها", [["محله", "نوع کتابخانه", "تعداد کتاب"], ["وردآورد", "ثابت", "۳۲۰۰"], ["شهرک غزالی", "سیار", "۱۲۰۰"], ["تهرانسر شرقی", "سیار", "۹۵۰"]])
CAPACITY = ("جدول ظرفیت دستگاه", [["خدمت", "ظرفیت سالانه", "سهم محلات هدف"], ["مشاوره خانواده", "۴۰۰۰ جلسه", "۳۵٪"], ["مددکاری", "۱۲۰۰ پرونده", "۴۰٪"]])
ATLAS = ("پیش‌نویس اطلس", [["شاخص", "منبع", "وضعیت"], ["اعتیاد", "بهزیستی", "گردآوری شد"], ["سرقت", "فراجا", "در حال گردآوری"], ["ترک تحصیل", "آموزش و پرورش", "گردآوری شد"]])
PACKAGES = ("فهرست توزیع بسته‌ها", [["محله", "خانوار", "بسته"], ["کوی ایثار", "۱۲۰", "۱۲۰"], ["کوی لاله", "۹۵", "۹۵"]])


def story(today: dt.date) -> list[Sitting]:
    """Every meeting of the demo, with dates relative to today except the two that the seeds date."""

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def m7(days: int) -> dt.date:
        return MEETING_7_DATE + dt.timedelta(days=days)

    # The headquarters' meeting keeps its real date unless the clock says it has not come yet.
    hq_first = min(HQ_SEED_DATE, ago(300))

    def s(days: int) -> dt.date:
        return hq_first + dt.timedelta(days=days)

    place_wg = "سالن جلسات استانداری تهران"
    chair_wg = "معاون سیاسی، امنیتی و اجتماعی استانداری"
    wg_attendees = [
        "مدیرکل دفتر امور اجتماعی و فرهنگی استانداری", "نماینده فرمانداری تهران", "نماینده فرماندهی انتظامی استان",
        "معاون پیشگیری بهزیستی استان", "معاون پرورشی آموزش و پرورش استان", "نماینده کانون پرورش فکری",
        "نماینده اداره کل ورزش و جوانان", "نماینده کمیته امداد",
    ]
    # The 14 resolutions of the minutes (seed 001), typed in from minutes-dev/001.json. Where the minutes
    # name «ادارات عضو کارگروه», the governorate's social affairs office leads and the members that the
    # item concerns support; «وزارت کشور» is its social affairs organisation.
    meeting7 = Sitting(
        "wg", 7, MEETING_7_DATE, place_wg, chair_wg, wg_attendees,
        "بررسی وضعیت محلات هدف سازمان امور اجتماعی و هماهنگی دستگاه‌های عضو",
        [
            Item("1", "برگزاری مستمر جلسات کارگروه با حضور دستگاه‌های مرتبط و مداخله‌کننده در محلات هدف سازمان اجتماعی", [
                lead("social", continuous=True, events=[
                    submit(m7(60), 20, "دو جلسه کارگروه با حضور ۱۲ دستگاه برگزار شد."), accept(m7(62)),
                    submit(ago(200), 40, "جلسات فصلی کارگروه در سال جاری برگزار شده و صورتجلسات ابلاغ شد."), accept(ago(198)),
                ]),
                support("county", continuous=True),
            ], ["محلات هدف", "هماهنگی"]),
            Item("2", "اولویت‌بندی محلات از طریق استانداری‌ها و فرمانداری‌ها جهت ابلاغ محلات جدید توسط سازمان امور اجتماعی", [
                lead("social", deadline=m7(90), events=[
                    submit(m7(120), 100, "فهرست اولویت‌بندی‌شده محلات به سازمان امور اجتماعی ارسال شد."),
                    accept(m7(125), "با تأخیر انجام شد؛ مورد قبول است."),
                ]),
                support("county", deadline=m7(60), events=[
                    submit(m7(50), 100, "پیشنهاد فرمانداری برای ۹ محله ارسال شد."), accept(m7(52)),
                ]),
                support("social_org", deadline=m7(90)),
            ], ["محلات هدف"]),
            Item("3", "ایجاد هماهنگی و هم‌افزایی بین دستگاه‌های مرتبط با محلات هدف سازمان اجتماعی کشور", [
                lead("social", continuous=True, events=[
                    submit(m7(100), 30, "تفاهم‌نامه همکاری میان پنج دستگاه تهیه شد."), accept(m7(103)),
                ]),
            ], ["هماهنگی"]),
            Item("4", "احصاء ظرفیت دستگاه‌های عضو کارگروه و نسبت‌یابی خدمت هر کدام با محلات هدف سازمان اجتماعی", [
                lead("social", deadline=m7(120), events=[
                    submit(m7(130), 100, "جمع‌بندی ظرفیت دستگاه‌ها انجام و به معاونت ارسال شد.", CAPACITY), accept(m7(131)),
                ]),
                support("welfare", deadline=m7(90), events=[
                    submit(m7(70), 100, "ظرفیت مراکز مشاوره و مددکاری بهزیستی احصاء شد.", CAPACITY), accept(m7(72)),
                ]),
                support("education", deadline=m7(90), events=[
                    submit(m7(105), 100, "ظرفیت مدارس و مشاوران در محلات هدف احصاء شد."), accept(m7(106)),
                ]),
                support("sports", deadline=m7(90), events=[
                    submit(m7(80), 100, "ظرفیت اماکن ورزشی احصاء شد."),
                    send_back(m7(82), "جدول ظرفیت اماکن پیوست نشده است؛ لطفاً جدول را پیوست کنید."),
                    submit(m7(95), 100, "جدول ظرفیت اماکن ورزشی پیوست شد.", CAPACITY), accept(m7(96)),
                ]),
                support("relief", deadline=m7(90)),
            ], ["محلات هدف", "ظرفیت دستگاه‌ها"]),
            Item("5", "ارسال گزارش عملکرد توسط دستگاه‌ها به امور اجتماعی استانداری", [
                lead("social", every=3, events=[
                    submit(ago(270), 40, "گزارش فصلی دستگاه‌ها جمع‌بندی شد."), accept(ago(268)),
                    submit(ago(180), 55, "گزارش فصل دوم جمع‌بندی و به معاونت ارسال شد."), accept(ago(178)),
                    submit(ago(88), 70, "گزارش فصل سوم جمع‌بندی شد."), accept(ago(86)),
                ]),
                support("police", every=3, events=[
                    submit(ago(120), 50, "گزارش عملکرد فصلی کلانتری‌ها در محلات هدف."), accept(ago(117)),
                ]),
                support("welfare", every=3, events=[
                    submit(ago(110), 45, "گزارش فصلی بهزیستی."), accept(ago(108)),
                    submit(ago(20), 60, "گزارش فصلی بهزیستی: ۳۱۰ خانوار تحت پوشش مشاوره قرار گرفتند."),
                ]),
                support("education", every=3, events=[
                    submit(ago(60), 50, "گزارش فصلی آموزش و پرورش."),
                    send_back(ago(55), "گزارش فاقد آمار تفکیکی مدارس محلات هدف است."),
                ]),
            ], ["گزارش‌دهی"]),
            Item("6", "تجمیع تمام اطلاعات مربوط به محلات مختلف شهرستان‌های استان که قبلا در دفاتر تسهیل‌گری اجتماعی و ... مورد بررسی بوده است", [
                lead("social", deadline=m7(180), events=[
                    submit(m7(150), 60, "اطلاعات ۱۱ شهرستان از ۱۶ شهرستان تجمیع شد."), accept(m7(152)),
                    extend(ago(200), ago(20)),
                ]),
                support("county", deadline=m7(150), events=[
                    submit(m7(140), 100, "اطلاعات دفاتر تسهیل‌گری شهرستان تهران ارسال شد."), accept(m7(141)),
                ]),
            ], ["محلات هدف", "اطلاعات محلات"]),
            Item("7", "مشارکت دانشگاه‌ها، مرکز بزرگ اسلامی و حوزه‌های اسلامی برای ایده‌پردازی در حوزه مدیریت مبتنی بر تحول و تعالی جوامع حاشیه‌ای", [
                lead("social", deadline=m7(150), events=[
                    submit(m7(140), 100, "نشست ایده‌پردازی با حضور دانشگاه و حوزه برگزار شد."), accept(m7(142)),
                ]),
                support("university", deadline=m7(150), events=[
                    submit(m7(120), 100, "سه طرح پژوهشی درباره محلات حاشیه‌ای پیشنهاد شد."), accept(m7(121)),
                ]),
                support("seminary", deadline=m7(150), events=[
                    submit(m7(125), 100, "طلاب داوطلب برای حضور در محلات هدف معرفی شدند."), accept(m7(127)),
                ]),
            ], ["مشارکت دانشگاه‌ها"]),
            Item("8", "تقویت نهادهای محلی و ارتقاء قدرت اجرایی شهرداران نواحی هدف", [
                lead("social", deadline=m7(240), events=[
                    submit(m7(230), 100, "شوراهای محله در هفت محله هدف فعال شدند."), accept(m7(233)),
                ]),
                support("city_council", deadline=m7(240)),
                support("county", deadline=m7(240)),
            ], ["نهادهای محلی"]),
            Item("9", "ضرورت تأمین و تجهیز نقاط هدف به کتابخانه‌های ثابت و سیار", [
                lead("social_org", deadline=m7(365), events=[
                    submit(m7(330), 70, "اعتبار تجهیز دو کتابخانه ثابت تأمین شد.", LIBRARIES), accept(m7(333)),
                    extend(ago(95), ago(-5)),
                ]),
                support("kanoon", deadline=m7(365), events=[
                    submit(m7(300), 100, "سه کتابخانه سیار کانون در محلات هدف مستقر شد.", LIBRARIES), accept(m7(302)),
                ]),
            ], ["کتابخانه", "محلات هدف"]),
            Item("10", "ضرورت اعزام معلمان توانمند به نقاط هدف (حاشیه)", [
                lead("education", deadline=m7(330), events=[
                    submit(m7(320), 100, "۴۵ معلم توانمند برای سال تحصیلی جدید به مدارس محلات هدف اعزام شدند."), accept(m7(322)),
                ]),
            ], ["آموزش", "محلات هدف"]),
            Item("11", "پیگیری ایجاد احساس تعلق در جوامع هدف به «جامعه مادر»", [
                lead("social", continuous=True),
                support("propagation", continuous=True, events=[
                    submit(ago(150), 40, "برنامه‌های فرهنگی در مساجد محلات هدف اجرا شد."), accept(ago(147)),
                ]),
                support("culture", continuous=True),
            ], ["محلات هدف", "فرهنگی"]),
            Item("12", "ضرورت توسعه فضاهای ورزشی و امکانات ورزشی به‌منظور پیشگیری از بروز آسیب‌های اجتماعی", [
                lead("social", deadline=m7(365), events=[
                    submit(m7(400), 100, "چهار زمین ورزشی محله‌ای افتتاح شد."), accept(m7(402)),
                ]),
                support("sports", deadline=m7(365), events=[
                    submit(m7(380), 100, "تجهیزات ورزشی برای شش محله تأمین شد."), accept(m7(381)),
                ]),
                support("city_council", deadline=m7(365)),
            ], ["ورزش", "پیشگیری"]),
            Item("13", "پرهیز از عمل جزیره‌ای و تاکید به انجام در حوزه نظری و عملی", [
                lead("social", continuous=True),
            ], ["هماهنگی"]),
            Item("14", "معاون سیاسی، امنیتی و اجتماعی استانداری مرجع تشخیص و مدیریت دفاتر تحول اجتماعی است و کلیه برنامه‌ها با مجوز و تدبیر ایشان در استان انجام می‌پذیرد", [
                lead("social", continuous=True),
                support("county", continuous=True),
            ], ["هماهنگی"]),
        ],
    )

    meeting8 = Sitting(
        "wg", 8, ago(330), place_wg, chair_wg, wg_attendees,
        "ترک تحصیل، طلاق و اعتیاد در محلات هدف",
        [
            Item("1", "تهیه و اجرای برنامه پیشگیری از ترک تحصیل دانش‌آموزان در محلات هدف", [
                lead("education", deadline=ago(150), events=[
                    submit(ago(250), 40, "دانش‌آموزان در معرض ترک تحصیل در ۱۲ مدرسه شناسایی شدند."), accept(ago(247)),
                    submit(ago(160), 100, "برنامه حمایتی برای ۲۱۰ دانش‌آموز اجرا شد."), accept(ago(156)),
                ]),
                support("welfare", deadline=ago(170), events=[
                    submit(ago(165), 100, "مشاوره خانواده برای ۸۰ دانش‌آموز انجام شد."), accept(ago(162)),
                ]),
                support("relief", deadline=ago(170)),
            ], ["ترک تحصیل", "آموزش"]),
            Item("2", "راه‌اندازی مراکز مشاوره و حل اختلاف خانواده در کلانتری‌های محلات هدف برای کاهش طلاق", [
                lead("police", deadline=ago(100), events=[
                    submit(ago(180), 50, "مرکز مشاوره در دو کلانتری راه‌اندازی شد."), accept(ago(177)),
                    submit(ago(120), 80, "مرکز سوم راه‌اندازی شد؛ مشاور مرکز چهارم در حال جذب است."), accept(ago(118)),
                ]),
                support("welfare", deadline=ago(100), events=[
                    submit(ago(150), 100, "شش مشاور خانواده به کلانتری‌ها معرفی شدند."), accept(ago(149)),
                ]),
            ], ["طلاق", "مشاوره"]),
            Item("3", "شناسایی و ساماندهی معتادان متجاهر و انتقال آنان به مراکز درمان و بازتوانی", [
                lead("welfare", deadline=ago(60), events=[
                    submit(ago(75), 100, "۱۴۰ نفر شناسایی و به مراکز درمان معرفی شدند."), accept(ago(70)),
                ]),
                support("police", deadline=ago(60)),
                support("medical", deadline=ago(60), events=[
                    submit(ago(90), 100, "ظرفیت ۶۰ تخت بازتوانی فراهم شد."), accept(ago(88)),
                ]),
            ], ["اعتیاد"]),
            Item("4", "برگزاری دوره‌های آموزش مهارت‌های زندگی برای خانواده‌های محلات هدف با مشارکت سمن‌ها", [
                lead("relief", deadline=ago(30), events=[
                    submit(ago(40), 100, "۱۲ دوره مهارت‌های زندگی برگزار شد."),
                    send_back(ago(38), "فهرست شرکت‌کنندگان و تصاویر دوره‌ها پیوست شود."),
                ]),
                support("welfare", deadline=ago(30)),
            ], ["مهارت‌های زندگی", "سمن‌ها"]),
            Item("5", "ایجاد پایگاه اطلاعات مشترک آسیب‌های اجتماعی استان", [
                lead("social", deadline=ago(200)),
            ], ["اطلاعات محلات"], cancelled=(ago(200), "با مصوبه ۶ جلسه هفتم (تجمیع اطلاعات محلات) ادغام شد.")),
        ],
    )

    meeting9 = Sitting(
        "wg", 9, ago(200), place_wg, chair_wg, wg_attendees,
        "اجرای طرح محله‌محوری در منطقه ۲۱ و گزارش آمار جرایم محلات هدف",
        [
            Item("1", "اجرای طرح «محله‌محوری» در پنج محله هدف منطقه ۲۱ با محوریت فرمانداری", [
                lead("county", deadline=ago(10), events=[
                    submit(ago(120), 40, "ستاد طرح در منطقه ۲۱ تشکیل شد."), accept(ago(118)),
                    submit(ago(40), 70, "طرح در سه محله از پنج محله اجرا شد."), accept(ago(37)),
                ]),
                support("prevention", deadline=ago(10), events=[
                    submit(ago(50), 100, "گشت‌های محله‌محور در پنج محله برقرار شد."), accept(ago(48)),
                ]),
                support("welfare", deadline=ago(10), events=[
                    submit(ago(5), 100, "تیم‌های مددکاری در پنج محله مستقر شدند."),
                ]),
            ], ["محلات هدف", "محله‌محوری"], targets=True),
            Item("2", "ارسال گزارش ماهانه آمار سرقت و نزاع محلات هدف به دبیرخانه کارگروه", [
                lead("police", every=1, events=[
                    submit(ago(170), 10, "آمار ماه اول ارسال شد."), accept(ago(168)),
                    submit(ago(135), 20, "آمار ماه دوم ارسال شد."), accept(ago(134)),
                    submit(ago(100), 30, "آمار ماه سوم ارسال شد."), accept(ago(98)),
                    submit(ago(42), 40, "آمار ماه چهارم و پنجم ارسال شد."), accept(ago(40)),
                ]),
            ], ["سرقت", "نزاع", "گزارش‌دهی"], targets=True),
            Item("3", "برگزاری جشنواره ورزشی محلات با مشارکت خیرین", [
                lead("sports", deadline=ago(90), events=[
                    submit(ago(95), 100, "جشنواره با حضور ۱۸۰۰ نوجوان برگزار شد."), accept(ago(93)),
                ]),
            ], ["ورزش", "خیرین"]),
            Item("4", "اجرای طرح غربالگری سلامت روان دانش‌آموزان مدارس محلات هدف", [
                lead("medical", deadline=ago(-40), events=[
                    submit(ago(30), 50, "غربالگری در نیمی از مدارس انجام شد."), accept(ago(28)),
                ]),
                support("education", deadline=ago(-40)),
            ], ["سلامت روان", "آموزش"]),
        ],
    )

    meeting10 = Sitting(
        "wg", 10, ago(95), place_wg, chair_wg, wg_attendees,
        "اطلس آسیب‌های اجتماعی استان، کودکان کار و زنان سرپرست خانوار؛ تمدید مهلت مصوبه ۹ جلسه هفتم",
        [
            Item("1", "تدوین اطلس آسیب‌های اجتماعی استان با همکاری دانشگاه و دستگاه‌های عضو", [
                lead("university", deadline=ago(-60), events=[
                    submit(ago(40), 30, "چارچوب شاخص‌های اطلس تدوین شد.", ATLAS), accept(ago(38)),
                    submit(ago(3), 60, "داده‌های سه دستگاه گردآوری و نقشه‌های اولیه تهیه شد.", ATLAS),
                ]),
                support("social", deadline=ago(-60)),
                support("police", deadline=ago(-60)),
                support("welfare", deadline=ago(-60)),
            ], ["اطلس آسیب‌ها"]),
            Item("2", "ساماندهی کودکان کار و خیابان در محورهای پرتردد شهر تهران", [
                lead("welfare", deadline=ago(-4)),
                support("police", deadline=ago(-4)),
                support("nationals", deadline=ago(-4)),
            ], ["کودکان کار"]),
            Item("3", "ارائه خدمات مشاوره رایگان به زنان سرپرست خانوار محلات هدف", [
                lead("relief", deadline=ago(-25)),
                support("welfare", deadline=ago(-25)),
            ], ["زنان سرپرست خانوار", "مشاوره"]),
        ],
    )

    meeting11 = Sitting(
        "wg", 11, ago(20), place_wg, chair_wg, wg_attendees,
        "گزارش شش‌ماهه دستگاه‌ها و برنامه ورزش محلات",
        [
            Item("1", "ارسال گزارش عملکرد شش‌ماهه دستگاه‌ها در محلات هدف به دبیرخانه کارگروه", [
                lead("social", deadline=ago(-10)),
                support("police", deadline=ago(-10), events=[
                    submit(ago(2), 100, "گزارش شش‌ماهه فرماندهی انتظامی ارسال شد."),
                ]),
                support("education", deadline=ago(-10), events=[
                    submit(ago(6), 100, "گزارش شش‌ماهه آموزش و پرورش ارسال شد."), accept(ago(4)),
                ]),
                support("welfare", deadline=ago(-10)),
                support("relief", deadline=ago(-10)),
            ], ["گزارش‌دهی"]),
            Item("2", "توسعه ورزش همگانی در محلات هدف با مشارکت صنایع و خیرین", [
                lead("sports", deadline=ago(-45)),
            ], ["ورزش", "صنایع"]),
            Item("3", "حضور نمایندگان تام‌الاختیار دستگاه‌ها در جلسات کارگروه", [
                lead("social", continuous=True),
            ], ["هماهنگی"]),
        ],
    )

    place_hq = "سالن جلسات شهرداری منطقه ۲۱"
    chair_hq = "شهردار منطقه ۲۱"
    hq_attendees = [
        "معاون اجتماعی و فرهنگی شهرداری منطقه ۲۱", "نماینده پلیس پیشگیری", "نماینده بهزیستی",
        "نماینده آموزش و پرورش منطقه ۲۱", "نماینده دادسرای عمومی و انقلاب تهران", "نماینده اداره امور اتباع",
    ]
    # The meeting of seed 000: its one decision follows «مقرر شد»; the others are drawn from what was said.
    meeting_seed = Sitting(
        "hq", 14, hq_first, "شهرداری منطقه ۲۱ (پس از بازدید میدانی)", chair_hq,
        [
            "عسگر جلالیان، معاون حقوق بشر و امور بین‌الملل وزارت دادگستری",
            "محمدحسین صادقی، مدیرکل پیشگیری از وقوع جرم دادستانی کل کشور",
            "ولی‌الله مهبودی، معاون حقوق عامه و پیشگیری از وقوع جرم دادسرای عمومی و انقلاب تهران",
            "مجید رحمانی، مدیرعامل سازمان خدمات و مشارکت‌های اجتماعی شهرداری تهران",
            "شهردار منطقه ۲۱، معاونان و مدیران شهری",
            "نمایندگان دستگاه‌های اجرایی و قضائی",
        ],
        "بازدید میدانی از معضلات اجتماعی و شهری منطقه؛ بررسی مسائل و تصمیمات اجرایی با محوریت پیشگیری و صیانت از حقوق عامه",
        [
            Item("1", "پیگیری مصوبات قرارگاه اجتماعی منطقه ۲۱ به‌صورت مستمر انجام شده و گزارش پیشرفت اقدامات در حوزه پیشگیری، مدیریت آسیب‌های اجتماعی و صیانت از حقوق عامه به‌صورت دوره‌ای ارائه شود", [
                lead("municipality21", every=1, events=[
                    submit(ago(290), 10, "گزارش ماه اول پیگیری مصوبات."), accept(ago(288)),
                    submit(ago(230), 20, "گزارش ماه دوم و سوم."), accept(ago(229)),
                    submit(ago(170), 30, "گزارش پیشرفت: ساماندهی دو کارگاه غیرمجاز."), accept(ago(168)),
                    submit(ago(110), 40, "گزارش پیشرفت: رفع سد معبر در بلوار اصلی."), accept(ago(107)),
                    submit(ago(55), 50, "گزارش پیشرفت اقدامات پیشگیرانه."), accept(ago(53)),
                    submit(ago(25), 60, "گزارش ماهانه پیگیری مصوبات قرارگاه."), accept(ago(24)),
                ]),
                support("prevention", every=3, events=[
                    submit(ago(200), 30, "گزارش اقدامات پلیس پیشگیری در منطقه."), accept(ago(199)),
                    submit(ago(100), 50, "گزارش فصلی پلیس پیشگیری."), accept(ago(97)),
                ]),
                support("welfare", every=3, events=[
                    submit(ago(60), 40, "گزارش فصلی بهزیستی از خدمات در منطقه ۲۱."),
                ]),
                support("education21", every=3, events=[
                    submit(ago(70), 30, "گزارش فصلی آموزش و پرورش منطقه."),
                    send_back(ago(68), "آمار بازماندگان از تحصیل در گزارش نیامده است."),
                    submit(ago(50), 35, "گزارش با آمار بازماندگان از تحصیل تکمیل شد."), accept(ago(48)),
                ]),
                support("nationals", every=3),
            ], ["پیگیری مصوبات", "حقوق عامه", "گزارش‌دهی"]),
            Item("2", "تهیه اطلس آسیب‌های اجتماعی و اطلس جرایم منطقه‌ای منطقه ۲۱", [
                lead("participation", deadline=s(150), events=[
                    submit(s(120), 50, "لایه‌های آسیب اجتماعی گردآوری شد.", ATLAS), accept(s(122)),
                    submit(s(160), 100, "اطلس آسیب‌ها و جرایم منطقه تهیه و ارائه شد.", ATLAS), accept(s(163)),
                ]),
                support("prevention", deadline=s(120), events=[
                    submit(s(100), 100, "آمار جرایم به تفکیک محله تحویل شد."), accept(s(101)),
                ]),
                support("welfare", deadline=s(120), events=[
                    submit(s(115), 100, "داده‌های آسیب‌های اجتماعی تحویل شد."), accept(s(118)),
                ]),
            ], ["اطلس آسیب‌ها", "اطلس جرایم"]),
            Item("3", "برخورد قاطع با فک پلمب و ساماندهی ساخت‌وسازهای غیرمجاز با حمایت دستگاه قضائی", [
                lead("municipality21", deadline=s(90), events=[
                    submit(s(85), 100, "۲۳ پرونده فک پلمب به دادسرا ارجاع و ۱۷ ساخت‌وساز غیرمجاز متوقف شد."), accept(s(87)),
                ]),
                support("prosecutor", deadline=s(90), events=[
                    submit(s(80), 100, "شعبه ویژه رسیدگی به پرونده‌های فک پلمب تعیین شد."), accept(s(81)),
                ]),
                support("police", deadline=s(90)),
            ], ["فک پلمب", "ساخت‌وساز غیرمجاز", "حقوق عامه"]),
            Item("4", "رفع سد معبر در محورهای اصلی منطقه و ساماندهی دستفروشان", [
                lead("municipality21", continuous=True, events=[
                    submit(ago(80), 50, "سد معبر در دو محور اصلی رفع شد."), accept(ago(78)),
                ]),
                support("police", continuous=True),
            ], ["سد معبر"]),
            Item("5", "اولویت‌بندی آسیب‌های اجتماعی منطقه با توجه ویژه به آسیب‌های حوزه دانش‌آموزی", [
                lead("education21", deadline=s(120), events=[
                    submit(s(110), 100, "پنج آسیب اولویت‌دار دانش‌آموزی تعیین و برنامه پیشگیری ابلاغ شد."), accept(s(112)),
                ]),
                support("welfare", deadline=s(120)),
                support("health_west", deadline=s(120), events=[
                    submit(s(100), 100, "داده‌های سلامت روان دانش‌آموزان تحویل شد."), accept(s(102)),
                ]),
            ], ["آسیب‌های دانش‌آموزی", "آموزش"]),
            Item("6", "جذب مشارکت صنایع مستقر در منطقه در قالب مسئولیت اجتماعی برای کاهش آسیب‌های اجتماعی", [
                lead("municipality21", deadline=ago(15), events=[
                    submit(ago(90), 50, "تفاهم‌نامه با دو واحد صنعتی امضا شد."), accept(ago(88)),
                ]),
                support("industry_food", deadline=ago(15), events=[
                    submit(ago(100), 100, "تأمین بسته‌های حمایتی برای ۲۰۰ خانوار.", PACKAGES), accept(ago(98)),
                ]),
                support("industry_machine", deadline=ago(15)),
                support("charity", deadline=ago(15)),
            ], ["صنایع", "مسئولیت اجتماعی"]),
            Item("7", "ساماندهی ترافیک ورودی شهرک‌های منطقه در ساعات اوج", [
                lead("municipality21", deadline=ago(-2), events=[
                    submit(ago(1), 80, "طرح ترافیکی ورودی سه شهرک اجرا شد؛ دو ورودی دیگر در دست اجراست."),
                ]),
                support("police", deadline=ago(-2)),
            ], ["ترافیک"]),
        ],
    )

    meeting15 = Sitting(
        "hq", 15, ago(45), place_hq, chair_hq, hq_attendees,
        "دفاتر تسهیل‌گری، مدرسه محله، حمایت از خانوارهای نیازمند و اتباع",
        [
            Item("1", "راه‌اندازی دفتر تسهیل‌گری اجتماعی در محلات هدف منطقه با مشارکت سمن‌ها", [
                lead("participation", deadline=ago(-30), events=[
                    submit(ago(14), 40, "مکان دو دفتر تأمین شد."),
                    send_back(ago(12), "زمان‌بندی راه‌اندازی دفاتر باقی‌مانده در گزارش نیامده است."),
                ]),
                support("ngo_children", deadline=ago(-30), events=[
                    submit(ago(10), 100, "تسهیل‌گران داوطلب معرفی شدند."), accept(ago(9)),
                ]),
            ], ["تسهیل‌گری اجتماعی", "سمن‌ها"], targets=True),
            Item("2", "اجرای طرح «مدرسه محله» برای پیشگیری از ترک تحصیل", [
                lead("education21", deadline=ago(-6)),
                support("ngo_youth", deadline=ago(-6)),
            ], ["ترک تحصیل"], targets=True),
            Item("3", "توزیع بسته‌های حمایتی خیرین میان خانوارهای نیازمند محلات هدف", [
                lead("charity", deadline=ago(5), events=[
                    submit(ago(8), 100, "۴۵۰ بسته میان خانوارهای نیازمند توزیع شد.", PACKAGES), accept(ago(7)),
                ]),
                support("relief", deadline=ago(5)),
                support("charity_mehr", deadline=ago(5)),
            ], ["خیرین", "حمایت از خانوار"], targets=True),
            Item("4", "شناسایی و ساماندهی اتباع فاقد مدرک ساکن در منطقه", [
                lead("nationals", deadline=ago(-20)),
                support("prevention", deadline=ago(-20)),
            ], ["اتباع"]),
            Item("5", "برگزاری کارگاه‌های توانمندسازی زنان سرپرست خانوار", [
                lead("ngo_women", deadline=ago(3), events=[
                    submit(ago(20), 30, "دو کارگاه از شش کارگاه برگزار شد."), accept(ago(19)),
                ]),
            ], ["زنان سرپرست خانوار"]),
        ],
    )

    meeting16 = Sitting(
        "hq", 16, ago(8), place_hq, chair_hq, hq_attendees,
        "پایش ساخت‌وسازهای غیرمجاز، پاتوق نوجوانان و گشت‌های شبانه",
        [
            Item("1", "پایش ماهانه ساخت‌وسازهای غیرمجاز و گزارش آن به قرارگاه", [
                lead("municipality21", every=1),
            ], ["ساخت‌وساز غیرمجاز", "گزارش‌دهی"]),
            Item("2", "ایجاد پاتوق محله‌ای برای نوجوانان با مشارکت کانون پرورش فکری", [
                lead("kanoon", deadline=ago(-50)),
                support("ngo_youth", deadline=ago(-50)),
            ], ["نوجوانان"], targets=True),
            Item("3", "افزایش گشت‌های پلیس پیشگیری در شهرک‌های منطقه در ساعات شب", [
                lead("prevention", continuous=True, events=[
                    submit(ago(2), 20, "گشت‌های شبانه در سه شهرک افزایش یافت."),
                ]),
            ], ["امنیت محله"]),
        ],
    )
    return [meeting7, meeting8, meeting9, meeting10, meeting11, meeting_seed, meeting15, meeting16]
# fmt: on
