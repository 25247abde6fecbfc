"""The participation demo's tables: District 21's NGOs, donors and industries, agencies' capacities, needs
and pledges. Organisation keys are those of hamafza/demo/data.py; neighbourhoods are District 21's codes
(targets: T21-06, T21-10, T21-14, T21-21, T21-23). Amounts in rials. Synthetic, for trying the product."""

# fmt: off
# organisation key: (registration number, issuing authority, licence expires in days from today (negative:
# expired), legal ID, members, harm-category codes, neighbourhoods served, contacts [(name, role, mobile)])
NGOS = {
    "ngo_children": ("۹۸۷۶۵", "وزارت کشور", 400, "10320489002", 36, ["child_labour", "school_dropout"],
                     ["T21-06", "T21-10", "T21-21"], [("نازنین اسدی", "مدیرعامل", "09123456780"), ("رضا کیانی", "مسئول مالی", "09351234567")]),
    "ngo_women": ("۴۵۶۷۸", "بهزیستی استان تهران", 120, "14005561239", 58, ["divorce", "domestic_violence"],
                  ["T21-14", "T21-23", "T21-02"], [("شیرین کامرانی", "رئیس هیئت مدیره", "09121112233")]),
    "ngo_youth": ("۳۳۲۱۱", "اداره کل ورزش و جوانان", -45, "", 120, ["addiction"],
                  ["T21-06", "T21-07", "T21-05"], [("مهدی سلیمی", "دبیر", "09198887766")]),
}

# key: (kind, name, organisation key or None, national ID, legal ID, mobile, postal code, anonymous,
# categories of interest, neighbourhoods of interest, giving before Hamafza)
DONORS = {
    "charity": ("charity", "مؤسسه خیریه نیکوکاران منطقه ۲۱", "charity", "", "10103245673", "09127654321", "",
                False, ["cash", "equipment", "services"], ["T21-06", "T21-10", "T21-21"], 2_400_000_000),
    "mehr": ("charity", "بنیاد نیکوکاری مهرآفرین غرب تهران", "charity_mehr", "", "14003456780", "09124443322", "",
             False, ["building", "equipment"], [], 5_000_000_000),
    "food": ("industry", "شرکت صنایع غذایی چیتگر", "industry_food", "", "10861234565", "09125556677", "",
             False, ["cash", "services", "volunteering"], ["T21-11", "T21-12", "T21-10"], 1_200_000_000),
    "machine": ("industry", "مجتمع صنعتی ماشین‌سازی وردآورد", "industry_machine", "", "10869876548", "09126667788", "",
                False, ["vehicle", "equipment", "building"], ["T21-02", "T21-06"], 800_000_000),
    "hasan": ("person", "حسن نیکوکار", None, "0499370899", "", "09121000001", "1481773111",
              False, ["equipment", "cash"], ["T21-06", "T21-14"], 150_000_000),
    "zahra": ("person", "زهرا احمدی", None, "0010350829", "", "09121000002", "",
              True, ["supportive", "volunteering", "information"], ["T21-21", "T21-23"], 0),
    "karim": ("person", "کریم صالحی", None, "2786543215", "", "09121000003", "",
              False, ["building"], [], 600_000_000),
    "parvin": ("person", "پروین مقدم", None, "0084575948", "", "09121000004", "",
               True, ["cash", "services"], ["T21-10"], 90_000_000),
}

# donor key: [(days ago, title, given by)]
RECOGNITIONS = {
    "charity": [(220, "تقدیرنامه قرارگاه اجتماعی منطقه ۲۱ برای تجهیز کتابخانه سیار", "شهردار منطقه ۲۱")],
    "mehr": [(400, "لوح سپاس جشنواره خیرین مدرسه‌ساز", "استاندار تهران")],
    "hasan": [(90, "تجلیل در همایش خیرین امنیت‌ساز", "فرماندهی انتظامی استان")],
}

# (organisation key, service code, neighbourhood code or "d21", amount in the service's unit, staff,
# hours a week, place). Units: counselling, mobile library, legal aid in hours a week; libraries, treatment
# and skills training in places; sports space in m²; teachers and social emergency in staff; centres in sites.
CAPACITIES = [
    ("welfare", "counselling", "T21-06", 40, 3, 40, "مرکز مشاوره بهزیستی تهرانسر"),
    ("welfare", "counselling", "T21-02", 44, 4, 44, "مرکز مشاوره وردآورد"),
    ("welfare", "social_emergency", "d21", 6, 6, 168, "اورژانس اجتماعی منطقه ۲۱"),
    ("welfare", "treatment", "T21-09", 25, 8, 168, "مرکز ماده ۱۶ کوهک"),
    ("kanoon", "library_fixed", "T21-02", 80, 3, 48, "کتابخانه کانون وردآورد"),
    ("kanoon", "library_fixed", "T21-13", 60, 2, 48, "کتابخانه کانون فرهنگیان"),
    ("kanoon", "library_mobile", "T21-06", 12, 2, 12, "کتابخانه سیار"),
    ("kanoon", "library_mobile", "T21-21", 8, 2, 8, "کتابخانه سیار"),
    ("sports", "sports_space", "T21-04", 2400, 4, 60, "سالن ورزشی استقلال"),
    ("sports", "sports_space", "T21-16", 7000, 2, 50, "زمین چمن پاسداران"),
    ("sports", "sports_space", "T21-10", 900, 2, 40, "سالن چندمنظوره ولیعصر"),
    ("education21", "teachers_sent", "T21-06", 6, 6, 120, "مدارس تهرانسر شرقی"),
    ("education21", "teachers_sent", "T21-14", 2, 2, 40, "دبستان شهید باقری"),
    ("education21", "teachers_sent", "T21-25", 8, 8, 160, "مدارس کوی چمران"),
    ("health_west", "counselling", "T21-24", 40, 2, 40, "مرکز سلامت جامعه‌نگر"),
    ("health_west", "treatment", "T21-24", 10, 5, 80, "درمانگاه ترک اعتیاد"),
    ("health_west", "health_house", "T21-23", 1, 2, 40, "خانه سلامت کوی لاله"),
    ("municipality21", "cultural_centre", "T21-01", 1, 5, 60, "فرهنگسرای دانشگاه"),
    ("municipality21", "cultural_centre", "T21-23", 1, 3, 50, "خانه فرهنگ لاله"),
    ("municipality21", "skills_training", "T21-21", 40, 2, 30, "مرکز آموزش مهارت ایثار"),
    ("municipality21", "sports_space", "T21-19", 3000, 2, 60, "بوستان ورزشی نیروی هوایی"),
    ("prosecutor", "legal_aid", "d21", 16, 2, 16, "میز خدمت قضائی منطقه ۲۱"),
    ("relief", "skills_training", "T21-10", 30, 3, 30, "کارگاه اشتغال کمیته امداد"),
]

# (key, organisation key or None (a neighbourhood's need), neighbourhood, category, title, justification,
#  quantity, unit, estimated cost, days to deadline, urgency 1–4, state)
NEEDS = [
    ("patrol_car", "prevention", "T21-06", "vehicle", "خودروی گشت برای پاسگاه تهرانسر شرقی",
     "گشت‌زنی شبانه در محله هدف با بیشترین سرقت و مزاحمت در اطلس", 1, "دستگاه", 9_500_000_000, 120, 4, "approved"),
    ("cctv", "prevention", "T21-10", "equipment", "دوربین‌های نظارتی معابر شهرک ولیعصر",
     "نقاط داغ سرقت در اطلس بدون پوشش تصویری", 12, "دوربین", 1_800_000_000, 90, 3, "approved"),
    ("counsellor_school", "education21", "T21-14", "services", "مشاور تمام‌وقت برای دبیرستان شهید باقری",
     "ترک تحصیل بالا و نبود مشاور در مدرسه", 1, "نفر-سال", 720_000_000, 60, 3, "approved"),
    ("library_books", "kanoon", "T21-21", "equipment", "کتاب و قفسه برای کتابخانه سیار کوی ایثار",
     "کتابخانه سیار بدون منبع کافی برای نوجوانان", 600, "جلد", 240_000_000, 45, 2, "partly_met"),
    ("sports_hall", "municipality21", "T21-23", "building", "مرمت سالن ورزشی کوی لاله",
     "تنها فضای ورزشی محله نیمه‌تعطیل است", 1, "سالن", 4_200_000_000, 200, 3, "approved"),
    ("rehab_beds", "welfare", "T21-09", "equipment", "تجهیز ده تخت مرکز ماده ۱۶",
     "ظرفیت درمان معتادان متجاهر کمتر از نیاز", 10, "تخت", 600_000_000, 75, 4, "approved"),
    ("job_workshop", "relief", "T21-10", "cash", "سرمایه کارگاه اشتغال زنان سرپرست خانوار",
     "اشتغال زنان سرپرست خانوار محله هدف", 1, "کارگاه", 1_500_000_000, 150, 2, "approved"),
    ("volunteer_mentors", None, "T21-06", "volunteering", "داوطلبان همیار نوجوانان تهرانسر شرقی",
     "برنامه همیاری نوجوانان در معرض آسیب", 400, "ساعت", 160_000_000, 100, 2, "approved"),
    ("awareness", None, "T21-23", "information", "اطلاع‌رسانی پیشگیری از اعتیاد در کوی لاله",
     "نرخ بالای اعتیاد در اطلس", 1, "برنامه", 90_000_000, 30, 2, "approved"),
    ("lighting", "municipality21", "T21-14", "equipment", "روشنایی معابر کم‌نور شهرک شهید باقری",
     "مزاحمت و سرقت در معابر تاریک", 40, "چراغ", 480_000_000, 60, 3, "met"),
    ("school_kits", "education21", "T21-06", "equipment", "بسته‌های آموزشی دانش‌آموزان بازمانده از تحصیل",
     "بازگرداندن بازماندگان از تحصیل", 150, "بسته", 150_000_000, 40, 2, "partly_met"),
    ("legal_clinic", "prosecutor", "T21-21", "supportive", "مشاوره حقوقی رایگان در سرای محله ایثار",
     "اختلافات خانوادگی و ملکی", 200, "ساعت", 200_000_000, 90, 2, "approved"),
    ("shelter_repair", "welfare", "T21-02", "building", "تعمیر خانه امن زنان",
     "آسیب ساختمان و ظرفیت کم", 1, "ساختمان", 2_000_000_000, 180, 3, "proposed"),
    ("drone", "prevention", "T21-11", "equipment", "پهپاد پایش فضای سبز چیتگر",
     "پایش پارک جنگلی", 1, "دستگاه", 3_000_000_000, 60, 1, "proposed"),
    ("tablets", "education21", "T21-25", "equipment", "رایانک برای کلاس جبرانی",
     "آموزش جبرانی", 30, "دستگاه", 900_000_000, 120, 1, "rejected"),
    ("bus", "kanoon", "T21-05", "vehicle", "مینی‌بوس اردوهای نوجوانان", "اردوهای فرهنگی", 1, "دستگاه",
     6_000_000_000, 200, 1, "withdrawn"),
]

# (donor key, need key or None, category (for a general pledge), neighbourhood (general), kind, value,
#  hours, state, delivered value, days ago)
PLEDGES = [
    ("machine", "patrol_car", "", "", "goods", 4_000_000_000, None, "pledged", 0, 20),
    ("charity", "library_books", "", "", "money", 120_000_000, None, "verified", 120_000_000, 35),
    ("hasan", "cctv", "", "", "money", 300_000_000, None, "delivered", 300_000_000, 12),
    ("charity", "lighting", "", "", "money", 480_000_000, None, "verified", 480_000_000, 70),
    ("parvin", "school_kits", "", "", "money", 100_000_000, None, "verified", 60_000_000, 25),
    ("zahra", "volunteer_mentors", "", "", "time", 40_000_000, 100, "pledged", 0, 8),
    ("food", None, "cash", "", "money", 1_000_000_000, None, "pledged", 0, 15),
    ("food", None, "services", "T21-10", "money", 500_000_000, None, "pledged", 0, 10),
    ("mehr", None, "building", "", "money", 3_000_000_000, None, "pledged", 0, 30),
    ("machine", None, "equipment", "T21-06", "goods", 700_000_000, None, "pledged", 0, 5),
    ("charity", None, "", "T21-21", "money", 250_000_000, None, "pledged", 0, 4),
    ("karim", None, "building", "", "money", 800_000_000, None, "pledged", 0, 3),
]

# public offers awaiting the secretariat: (need key, name, mobile, anonymous, kind, value, hours, description)
OFFERS = [
    ("rehab_beds", "سعید مرادی", "09352223344", False, "goods", 150_000_000, None, "دو تخت و تشک نو"),
    ("awareness", "نیلوفر رحمانی", "09173334455", True, "time", 20_000_000, 30, "برگزاری کارگاه برای والدین"),
]
# fmt: on
