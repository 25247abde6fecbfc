"""The demo's cast: Tehran's organisations, the two bodies, and their users with their roles."""

import datetime as dt

from hamafza.accounts.models import BodyRole
from hamafza.lib.jalali import parse_jalali
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization

PASSWORD = "hamafza-demo"
WORKING_GROUP = "کارگروه اجتماعی، فرهنگی، سلامت، زنان و خانواده استان"
HEADQUARTERS = "قرارگاه اجتماعی منطقه ۲۱"
MEETING_7_DATE = parse_jalali("1402/07/29")  # 2023-10-21, from the minutes (seed 001)
HQ_SEED_DATE = dt.date(2026, 1, 2)  # the headquarters' meeting in the news (seed 000)

Kind = Organization.Kind
Sector = Organization.Sector

# fmt: off
# key: (name, short name, kind, sector, region: province · county · city · d21)
ORGANIZATIONS: dict[str, tuple[str, str, str, str, str]] = {
    "governorate": ("استانداری تهران", "استانداری", Kind.AGENCY, Sector.GOVERNORATE, "province"),
    "social": ("دفتر امور اجتماعی و فرهنگی استانداری تهران", "امور اجتماعی استانداری", Kind.AGENCY, Sector.GOVERNORATE, "province"),
    "county": ("فرمانداری تهران", "فرمانداری", Kind.AGENCY, Sector.GOVERNORATE, "county"),
    "social_org": ("سازمان امور اجتماعی کشور (وزارت کشور)", "سازمان امور اجتماعی", Kind.AGENCY, Sector.GOVERNORATE, "province"),
    "police": ("فرماندهی انتظامی استان تهران", "فراجا", Kind.AGENCY, Sector.POLICE, "province"),
    "prevention": ("پلیس پیشگیری فرماندهی انتظامی تهران بزرگ", "پلیس پیشگیری", Kind.AGENCY, Sector.POLICE, "city"),
    "welfare": ("اداره کل بهزیستی استان تهران", "بهزیستی", Kind.AGENCY, Sector.WELFARE, "province"),
    "labour": ("اداره کل تعاون، کار و رفاه اجتماعی استان تهران", "تعاون، کار و رفاه", Kind.AGENCY, Sector.WELFARE, "province"),
    "education": ("اداره کل آموزش و پرورش استان تهران", "آموزش و پرورش", Kind.AGENCY, Sector.EDUCATION, "province"),
    "education21": ("اداره آموزش و پرورش منطقه ۲۱ تهران", "آموزش و پرورش منطقه ۲۱", Kind.AGENCY, Sector.EDUCATION, "d21"),
    "medical": ("دانشگاه علوم پزشکی تهران", "علوم پزشکی", Kind.UNIVERSITY, Sector.HEALTH, "province"),
    "health_west": ("مرکز بهداشت غرب تهران", "بهداشت غرب", Kind.AGENCY, Sector.HEALTH, "city"),
    "municipality21": ("شهرداری منطقه ۲۱ تهران", "شهرداری منطقه ۲۱", Kind.AGENCY, Sector.MUNICIPALITY, "d21"),
    "participation": ("سازمان خدمات و مشارکت‌های اجتماعی شهرداری تهران", "مشارکت‌های اجتماعی", Kind.AGENCY, Sector.MUNICIPALITY, "city"),
    "city_council": ("شورای اسلامی شهر تهران", "شورای شهر", Kind.COUNCIL, Sector.MUNICIPALITY, "city"),
    "justice": ("دادگستری کل استان تهران", "دادگستری", Kind.AGENCY, Sector.JUDICIARY, "province"),
    "prosecutor": ("دادسرای عمومی و انقلاب تهران، معاونت پیشگیری از وقوع جرم", "دادسرا", Kind.AGENCY, Sector.JUDICIARY, "city"),
    "kanoon": ("کانون پرورش فکری کودکان و نوجوانان استان تهران", "کانون پرورش فکری", Kind.AGENCY, Sector.CULTURE, "province"),
    "sports": ("اداره کل ورزش و جوانان استان تهران", "ورزش و جوانان", Kind.AGENCY, Sector.SPORTS, "province"),
    "relief": ("کمیته امداد امام خمینی (ره) استان تهران", "کمیته امداد", Kind.AGENCY, Sector.RELIEF, "province"),
    "red_crescent": ("جمعیت هلال احمر استان تهران", "هلال احمر", Kind.AGENCY, Sector.RELIEF, "province"),
    "propagation": ("سازمان تبلیغات اسلامی استان تهران", "تبلیغات اسلامی", Kind.AGENCY, Sector.CULTURE, "province"),
    "culture": ("اداره کل فرهنگ و ارشاد اسلامی استان تهران", "فرهنگ و ارشاد", Kind.AGENCY, Sector.CULTURE, "province"),
    "nationals": ("اداره کل امور اتباع و مهاجرین خارجی استان تهران", "امور اتباع", Kind.AGENCY, Sector.OTHER, "province"),
    "inspection": ("اداره کل بازرسی استان تهران", "بازرسی", Kind.AGENCY, Sector.OTHER, "province"),
    "university": ("دانشگاه علامه طباطبائی، دانشکده علوم اجتماعی", "دانشگاه علامه", Kind.UNIVERSITY, Sector.EDUCATION, "province"),
    "seminary": ("حوزه علمیه استان تهران", "حوزه علمیه", Kind.SEMINARY, Sector.CULTURE, "province"),
    "ngo_children": ("انجمن حمایت از کودکان کار وردآورد", "انجمن کودکان کار", Kind.NGO, Sector.WELFARE, "d21"),
    "ngo_women": ("انجمن توانمندسازی زنان سرپرست خانوار غرب تهران", "انجمن زنان سرپرست خانوار", Kind.NGO, Sector.WELFARE, "d21"),
    "ngo_youth": ("کانون همیاری جوانان تهرانسر", "همیاری جوانان", Kind.NGO, Sector.SPORTS, "d21"),
    "charity": ("مؤسسه خیریه نیکوکاران منطقه ۲۱", "خیریه نیکوکاران", Kind.CHARITY, Sector.RELIEF, "d21"),
    "charity_mehr": ("بنیاد نیکوکاری مهرآفرین غرب تهران", "مهرآفرین", Kind.CHARITY, Sector.RELIEF, "city"),
    "industry_food": ("شرکت صنایع غذایی چیتگر", "صنایع غذایی چیتگر", Kind.INDUSTRY, Sector.OTHER, "d21"),
    "industry_machine": ("مجتمع صنعتی ماشین‌سازی وردآورد", "ماشین‌سازی وردآورد", Kind.INDUSTRY, Sector.OTHER, "d21"),
}

BODIES = {
    "wg": {
        "name": WORKING_GROUP,
        "kind": Body.Kind.WORKING_GROUP,
        "region": "province",
        "secretariat": "governorate",
        "description": "کارگروه تخصصی شورای اجتماعی استان برای پیشگیری از آسیب‌های اجتماعی، به دبیری استانداری.",
        "members": [
            "governorate", "social", "county", "social_org", "police", "prevention", "welfare", "labour",
            "education", "medical", "justice", "kanoon", "sports", "relief", "red_crescent", "propagation",
            "culture", "nationals", "university", "seminary", "city_council",
        ],
    },
    "hq": {
        "name": HEADQUARTERS,
        "kind": Body.Kind.HEADQUARTERS,
        "region": "d21",
        "secretariat": "municipality21",
        "description": "قرارگاه اجتماعی منطقه ۲۱ شهرداری تهران با حضور دستگاه‌های اجرایی و قضائی، سمن‌ها، خیرین و صنایع منطقه.",
        "members": [
            "municipality21", "participation", "county", "police", "prevention", "welfare", "education21",
            "health_west", "prosecutor", "nationals", "kanoon", "relief", "ngo_children", "ngo_women",
            "ngo_youth", "charity", "charity_mehr", "industry_food", "industry_machine",
        ],
    },
}

# username: (first name, last name, organisation key, officer?, {body key: role})
USERS: dict[str, tuple[str, str, str | None, bool, dict[str, str]]] = {
    "admin": ("مدیر", "سامانه", None, False, {}),
    "wg-secretary": ("مریم", "رضایی", "governorate", False, {"wg": BodyRole.Kind.SECRETARIAT}),
    "hq21-secretary": ("علی", "کاظمی", "municipality21", False, {"hq": BodyRole.Kind.SECRETARIAT}),
    "viewer": ("حسین", "نادری", "inspection", False, {"wg": BodyRole.Kind.VIEWER, "hq": BodyRole.Kind.VIEWER}),
    "social": ("زهرا", "محمدی", "social", True, {}),
    "police": ("سعید", "کریمی", "police", True, {}),
    "prevention": ("رضا", "جعفری", "prevention", True, {}),
    "welfare": ("فاطمه", "حسینی", "welfare", True, {}),
    "education": ("محمد", "اکبری", "education", True, {}),
    "education21": ("نرگس", "مرادی", "education21", True, {}),
    "municipality": ("امیر", "صادقی", "municipality21", True, {}),
    "participation": ("لیلا", "قاسمی", "participation", True, {}),
    "county": ("مهدی", "رحیمی", "county", True, {}),
    "social-org": ("سمیه", "عباسی", "social_org", True, {}),
    "kanoon": ("مینا", "شریفی", "kanoon", True, {}),
    "sports": ("حمید", "نوروزی", "sports", True, {}),
    "relief": ("جواد", "موسوی", "relief", True, {}),
    "propagation": ("عباس", "طاهری", "propagation", True, {}),
    "medical": ("الهام", "یوسفی", "medical", True, {}),
    "health": ("پریسا", "رستمی", "health_west", True, {}),
    "prosecutor": ("ولی‌الله", "مهدوی", "prosecutor", True, {}),
    "nationals": ("کریم", "بهرامی", "nationals", True, {}),
    "university": ("شهرام", "فرهادی", "university", True, {}),
    "seminary": ("محمدعلی", "حیدری", "seminary", True, {}),
    "council": ("سارا", "نیک‌نام", "city_council", True, {}),
    "ngo-children": ("نازنین", "اسدی", "ngo_children", True, {}),
    "ngo-women": ("شیرین", "کامرانی", "ngo_women", True, {}),
    "charity": ("ابراهیم", "خیراندیش", "charity", True, {}),
    "industry": ("بهروز", "صنعتگر", "industry_food", True, {}),
    "industry-machine": ("کامران", "فولادی", "industry_machine", True, {}),
}
# fmt: on

OFFICER_OF = {org: username for username, (_f, _l, org, officer, _r) in USERS.items() if officer}
