"""Who is responsible for a resolution: from a table column, a «مسئول پیگیری:» label, or the sentence.

Only names the text gives are returned, as written; several names are split («وزارت کشور/ کانون پرورش
فکری» → two; «شهرداری و شورا» → two; «اداره کل آموزش و پرورش» stays one). `match_organizations`
ranks registry organisations for each name.
"""

import re
from collections.abc import Hashable, Iterable

from rapidfuzz import fuzz, process

from hamafza.lib.persian import ZWNJ, normalize, search_key

# Words an organisation's name starts with.
_HEADS = (
    "وزارت|وزارتخانه|وزارتخانه‌ها|اداره|ادارات|اداره‌کل|اداره‌های|ادارات‌کل|سازمان|سازمان‌های|سازمان‌ها|"
    "شهرداری|شهرداری‌ها|شهرداری‌های|فرمانداری|فرمانداری‌ها|فرمانداری‌های|استانداری|بخشداری|بخشداری‌ها|"
    "دهیاری|دهیاری‌ها|شورا|شورای|شوراهای|شوراها|دانشگاه|دانشگاه‌ها|دانشگاه‌های|دانشکده|نیروی|نیروهای|"
    "فرماندهی|فراجا|ناجا|پلیس|کلانتری|کلانتری‌ها|سپاه|بسیج|ارتش|قرارگاه|کمیته|بهزیستی|هلال‌احمر|هلال|"
    "جمعیت|دادگستری|دادستانی|دادستان|دادسرا|دادسرای|دادگاه|قوه|معاونت|معاونت‌های|معاون|مدیریت|مدیر|"
    "مدیرکل|مدیران|دبیرخانه|دبیر|رئیس|ریاست|دفتر|دفاتر|مرکز|مراکز|کانون|کانون‌های|انجمن|انجمن‌های|بنیاد|"
    "ستاد|کارگروه|کارگروه‌های|کمیسیون|اتاق|شرکت|شرکت‌های|بانک|صداوسیما|صدا|حوزه|حوزه‌های|جهاد|"
    "آموزش‌وپرورش|اوقاف|تبلیغات|میراث|ثبت|بیمه|بیمارستان|شبکه|آبفا|مخابرات|هیئت|هیات|هیأت|دستگاه|"
    "دستگاه‌های|دستگاه‌ها|نهاد|نهادهای|نهادها|اعضای|اعضا|کلیه|تمامی|مسئولین|مسئولان|سمن|سمن‌ها|"
    "سمن‌های|خیرین|خیران|اصناف|اتحادیه|نظام|پایگاه|پایگاه‌های|فرماندار|فرمانداران|شهردار|شهرداران|"
    "بخشدار|بخشداران|استاندار|امام|ائمه|فرمانده|روابط|اورژانس|آتش‌نشانی|گمرک|کتابخانه‌های|نمایندگان|"
    "نماینده|دبیرخانه|اتحادیه‌های|تعاونی|صندوق|ستادهای|مجمع|موسسه|مؤسسه|موسسات|مؤسسات|پژوهشگاه|"
    "پارک|گروه|واحد|واحدهای|بخش|شعب|شعبه|حراست|سپاه|ناحیه|منطقه|مناطق|کمیته‌های|اداره‌کل"
)
_HEAD = re.compile(
    f"^(?:{_HEADS})(?:\u200c?ها(?:ی)?)?(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])"
)
_TWO_WORD_HEADS = re.compile(
    r"^(?:آموزش\s*و\s*پرورش|آموزش‌وپرورش|صدا\s*و\s*سیما|امور\s*\S+|روابط\s*عمومی|راهنمایی\s*و\s*رانندگی)"
)
# Heads that, after «و», start a second organisation («شهرداری و شورا») rather than continue a name.
_SPLIT_HEADS = re.compile(
    "^(?:وزارت|اداره|ادارات|اداره‌کل|سازمان|شهرداری|فرمانداری|استانداری|بخشداری|دهیاری|شورا|شورای|"
    "دانشگاه|نیروی|فرماندهی|فراجا|ناجا|پلیس|سپاه|بسیج|کمیته|بهزیستی|هلال|جمعیت|دادگستری|دادستانی|"
    "دادسرا|قوه|معاونت|دبیرخانه|کانون|انجمن|بنیاد|ستاد|صداوسیما|صدا\\s*و\\s*سیما|آموزش\\s*و\\s*پرورش|"
    "آموزش‌وپرورش|اوقاف|تبلیغات|میراث|بیمه|شبکه|مخابرات|هیئت|هیات|هیأت|دستگاه|نهاد|سمن|خیرین|اصناف|"
    "فرماندار|شهردار|بخشدار|امام|فرمانده|حوزه\\s*علمیه|مرکز|دفتر|گروه|شرکت)(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])"
)
# Words that end the name of an organisation that is the subject of a sentence.
_STOP_WORDS = _STOP = set(
    "نسبت ظرف حداکثر تا موظف موظفند مکلف مکلفند مامور مأمور با در از به برای جهت ضمن طی پس ضمنا هر این آن "
    "که را است نیز هم باید بایستی می‌بایست بر اقدام پیگیری مقرر گردید شد شود گردد نماید نمایند کند کنند "
    "دهد دهند ارائه تهیه انجام ضمن طبق مطابق براساس درخصوص خصوص درباره ابتدا سریعا فورا بلافاصله "
    "همچنین ضمناً حداقل پیرامون ذیل زیر می‌باشد میباشد باشد باشند هستند خواهد خواهند".split()
)
# Words that names of Iranian agencies are made of, after their head.
_NAME_WORDS = set(
    """کل استان استانی شهرستان شهرستانها شهرستان‌ها امور اجتماعی فرهنگی کشور کشوری پرورش فکری کودکان
    نوجوانان آموزش بهداشت درمان ورزش جوانان ارشاد اسلامی فرهنگ انتظامی راه شهرسازی کار تعاون رفاه صنعت
    معدن تجارت جهاد کشاورزی علوم پزشکی آزاد پیام نور فنی حرفه‌ای امداد امام خمینی ره هلال احمر هلال‌احمر
    بهزیستی زندان‌ها زندانها زندانیان دادگستری عمومی انقلاب ثبت احوال اسناد املاک میراث گردشگری صنایع
    دستی تبلیغات اوقاف خیریه محیط زیست منابع طبیعی آب فاضلاب آبفا برق گاز مخابرات پست صدا سیما صداوسیما
    مرکز شبکه حوزه حوزه‌های علمیه بسیج سپاه ناحیه مقاومت حفاظت ستاد مبارزه مواد مخدر کمیته شورای شورا
    شهر روستا روستایی شهری شهرداری منطقه مناطق فرمانداری بخشداری دهیاری استانداری سیاسی امنیتی اقتصادی
    عمرانی بودجه برنامه‌ریزی توزیع نیروی ملی توسعه هماهنگی معاونت معاون مدیرکل مدیر دفتر اداره ادارات اداره‌کل
    عضو اعضای کارگروه دستگاه دستگاه‌های دستگاههای اجرایی ذیربط ذی‌ربط مرتبط وزارت سازمان کانون نیروی
    فرماندهی فراجا ناجا پلیس پیشگیری دانشگاه قضایی قضائیه قضاییه قوه دادستانی بنیاد شهید ایثارگران
    امور مسکن نظام مهندسی روانشناسی مشاوره اتاق بازرگانی اصناف تعزیرات حکومتی زنان خانواده ورزشی سلامت
    کمیته‌امداد آموزش‌وپرورش صمت شوراهای حل اختلاف حمایت راهور راهنمایی رانندگی اورژانس آتش‌نشانی
    اتباع مهاجرین خارجی خارجیان فضای مجازی مراکز مشاوره تسهیلگری تسهیل‌گری محله محلات کلانتری
    کلانتری‌های کلانتریهای تامین تأمین اجتماعی بیمه سلامت فنی‌وحرفه‌ای زکات حج زیارت غذا دارو پزشکی
    قانونی انتقال خون استاندارد تحقیقات آمار ثبت‌احوال امنیت دانش‌آموزی دانشجویی دانشجویان""".split()
)
_LINKED = {"مبارزه", "حمایت", "پیشگیری", "مقابله"}
_PLACES = set(
    """تهران مشهد اصفهان کرج شیراز تبریز قم اهواز کرمانشاه ارومیه رشت زاهدان همدان کرمان یزد اردبیل
    بندرعباس اراک زنجان قزوین سنندج خرم‌آباد گرگان ساری بجنورد بیرجند بوشهر سمنان شهرکرد یاسوج ایلام
    اسلامشهر رباط‌کریم ورامین شهریار پاکدشت قرچک دماوند فیروزکوه کاشان نیشابور سبزوار دزفول آبادان
    البرز فارس خوزستان گیلان مازندران گلستان کردستان لرستان کرمانشاه هرمزگان سیستان بلوچستان خراسان
    رضوی شمالی جنوبی شرقی غربی آذربایجان کهگیلویه بویراحمد چهارمحال بختیاری مرکزی""".split()
)
_VERBS_ACTIVE = r"(?:نماید|نمایند|کند|کنند|دهد|دهند|نمود|نمودند|گیرد|گیرند|آورد|آورند|دارد|دارند|رساند|رسانند|سازد|سازند|بپردازد|بپردازند)"

_LABEL = re.compile(
    r"(?:مسئول|مسوول|مسؤول|مسئولین|مسئولان|دستگاه\s*مسئول|مجری|مجریان|اقدام\s*کننده|اقدام|پیگیری\s*کننده)"
    r"(?:\s*(?:پیگیری|اجرا|اجرایی|پیگیری\s*و\s*اجرا|انجام|اقدام))?\s*[:：]\s*(?P<names>[^.؛\n)]+)"
)
_PAREN_LABEL = re.compile(
    r"\(\s*(?:مسئول|مسوول|مسؤول|مجری|اقدام)(?:\s*(?:پیگیری|اجرا))?\s*[:：]?\s*(?P<names>[^)]+)\)"
)
_DUTY = re.compile(
    r"(?:بر|به)\s*عهده\s*(?:ی\s*)?(?P<names>.+?)\s*(?:(?:است|خواهد\s*بود|می‌باشد|میباشد|باشد|گذاشته|قرار|گردید|شد)(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])|$|[.؛])"
)
_WITH = re.compile(
    r"پیگیری\s*(?:این\s*(?:موضوع|مصوبه|امر)|موضوع|مصوبه|امر)?\s*با\s*(?P<names>.+?)\s*(?:است|خواهد\s*بود|می‌باشد|میباشد)(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])"
)
_BY = re.compile(r"(?:توسط|از\s*سوی|از\s*طرف|از\s*طریق|به\s*وسیله|به‌وسیله)\s*(?P<names>.+)")
_JOINT = re.compile(r"(?:با\s*همکاری|با\s*مشارکت|با\s*هماهنگی)\s*(?P<names>.+)")
_ASKED = re.compile(
    r"از\s*(?P<names>.+?)\s*(?:درخواست|تقاضا|خواسته)\s*(?:شد|گردید|می‌شود|میشود)(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])"
)
_DECISION_PREFIX = re.compile(
    r"^(?:و\s*)?(?:همچنین\s*)?(?:مقرر|قرار|مصوب|تصویب|تصمیم)\s*(?:شد|گردید|گرديد|می‌شود|گرفته\s*شد)\s*(?:که|تا|:)?\s*"
)
_COOPERATION = re.compile(r"\s*(?:با\s*همکاری|با\s*مشارکت|و\s*با\s*همکاری|به\s*همراه|با\s*هماهنگی)\s*")
_LIST_SEP = re.compile(r"\s*(?:[/،,؛;|\n]|\s-\s|\s+–\s+)\s*")
_TRAILING_JUNK = re.compile(r"[\s:：.،,؛\-–—]+$|^[\s:：.،,؛\-–—]+")


def _words(text: str) -> list[str]:
    return text.split()


def looks_like_org(name: str) -> bool:
    name = name.strip()
    return bool(_HEAD.match(name) or _TWO_WORD_HEADS.match(name))


def _split_and(part: str) -> list[str]:
    """Split «شهرداری و شورا» but not «اداره کل آموزش و پرورش»."""
    pieces = re.split(r"\s+و\s+", part)
    if len(pieces) == 1:
        return [part]
    names: list[str] = [pieces[0]]
    for piece in pieces[1:]:
        if _SPLIT_HEADS.match(piece) and looks_like_org(names[-1]):
            names.append(piece)
        else:
            names[-1] = names[-1] + " و " + piece
    return names


def _parts(cell: str) -> list[str]:
    """A cell cut at «/», «؛» and new lines always, and at «،» only where an organisation follows."""
    parts: list[str] = []
    for piece in re.split(r"\s*(?:[/؛;|\n]|\s-\s|\s+–\s+)\s*", cell):
        chunks = re.split(r"\s*[،,]\s*", piece)
        merged: list[str] = []
        for chunk in chunks:
            if merged and not _SPLIT_HEADS.match(chunk) and not _HEAD.match(chunk):
                merged[-1] = merged[-1] + "، " + chunk
            else:
                merged.append(chunk)
        parts.extend(merged)
    return parts


def split_names(cell: str) -> list[str]:
    """The organisations of a responsibility cell or phrase, as written, one per entry."""
    cell = normalize(cell).replace("\t", " ")
    names: list[str] = []
    for part in _parts(cell):
        for sub in _COOPERATION.split(part):
            sub = _TRAILING_JUNK.sub("", sub).strip()
            if not sub:
                continue
            for name in _split_and(sub):
                name = _TRAILING_JUNK.sub("", name).strip()
                if name and name not in names:
                    names.append(name)
    return names


def _noun_phrase(text: str, *, limit: int = 12) -> str:
    """The name of the organisation a phrase starts with: its head, then the words names are made of.

    «شهرداری اسلامشهر طرح ساماندهی ...» → «شهرداری اسلامشهر»; «اداره کل تعاون، کار و رفاه اجتماعی موظف
    است» → «اداره کل تعاون، کار و رفاه اجتماعی»; «ستاد مبارزه با مواد مخدر» keeps its «با».
    """
    words = text.split()
    if not words:
        return ""
    taken: list[str] = []
    skip = False
    for i, word in enumerate(words[:limit]):
        if skip:
            skip = False
            continue
        bare = word.strip("،,.:؛()«»")
        if i == 0:
            if not (_HEAD.match(bare) or _TWO_WORD_HEADS.match(" ".join(words[:3]))):
                return ""
            taken.append(word)
            continue
        prev = taken[-1].strip("،,.:؛") if taken else ""
        if taken[-1].endswith(("،", ",")) and not (bare in _NAME_WORDS or bare in _PLACES):
            taken[-1] = taken[-1].rstrip("،,")
            break
        if bare == "با" and i + 1 < len(words) and words[i + 1] in ("همکاری", "مشارکت", "هماهنگی"):
            taken.extend([word, words[i + 1]])  # «شهرداری با همکاری نیروی انتظامی»: both take part
            skip = True
            continue
        if bare in _STOP_WORDS and not (bare in ("با", "از") and prev in _LINKED):
            break
        if bare in ("و", "/") and i + 1 < len(words):
            following = words[i + 1].strip("،,.:؛()")
            if following in _NAME_WORDS or following in _PLACES or _HEAD.match(following):
                taken.append(word)
                continue
            break
        if bare == "برنامه" and " ".join(words[i : i + 3]).startswith("برنامه و بودجه"):
            taken.append(word)
            continue
        if (
            bare in _NAME_WORDS
            or bare in _PLACES
            or bare in ("با", "از")
            or re.fullmatch(r"[\d۰-۹]+|\(?ره\)?|\(ع\)|\(س\)", bare)
            or _HEAD.match(bare)
            or _is_proper_name(bare)
        ):
            taken.append(word)
            if word.endswith((".", ":", "؛")):
                break
            continue
        break
    while taken and taken[-1].strip("،,") in ("و", "با", "از", "/"):
        taken.pop()
    return " ".join(taken).strip("،, ")


def _is_proper_name(word: str) -> bool:
    """A word the general list does not know is most likely a name (of a city, a district, a person)."""
    from hamafza.minutes.lexicon import is_known

    key = word.replace("\u200c", "")
    if len(key) < 3 or re.fullmatch("[\u0621-\u06cc]+", key) is None or is_known(key):
        return False
    stem = re.sub("(?:ها|های|هایی|ی|ان|ات)$", "", key)
    return not (stem != key and len(stem) >= 2 and is_known(stem))


def _names_if_orgs(phrase: str) -> list[str]:
    phrase = _TRAILING_JUNK.sub("", phrase.strip())
    if not phrase or not looks_like_org(phrase):
        return []
    names = [n for n in split_names(phrase) if looks_like_org(n) or len(n.split()) <= 4]
    return names


_SHARED_PREFIX = re.compile(
    r"(?<![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])(?P<prefix>ادارات(?:\s*کل)?|سازمان(?:\u200c?ها|\u200c?های))\s+(?P<rest>[^.؛:]+)"
)


def shared_prefix(text: str) -> list[str]:
    """«ادارات ورزش و جوانان، بهزیستی و آموزش و پرورش» → «اداره ورزش و جوانان», «اداره بهزیستی», …

    A plural head before a list of names separated by «،» (the last after «و») applies to each of them,
    in its singular form. The list ends at the first word that is no part of an agency's name.
    """
    m = _SHARED_PREFIX.search(normalize(text))
    if not m:
        return []
    prefix = m.group("prefix")
    singular = "اداره کل" if "کل" in prefix else ("اداره" if prefix.startswith("ادارات") else "سازمان")
    rest = re.sub(r"\s*([،,])\s*", r"\1 ", m.group("rest"))
    words = rest.replace("\u200c", " ").split()
    names: list[list[str]] = [[]]
    commas = 0
    for word in words:
        bare = word.strip("،,")
        if bare == "و" and names[-1]:
            names[-1].append("و")
            continue
        if (bare not in _NAME_WORDS and bare not in _PLACES) or bare in _NOT_NAMES:
            break
        names[-1].append(bare)
        if word.endswith(("،", ",")):
            commas += 1
            names.append([])
    if commas == 0:
        return []
    # The last name runs «… و آموزش و پرورش»: a «و» before a name that starts an agency splits it.
    out = []
    for parts in names:
        while parts and parts[-1] == "و":
            parts.pop()
        if not parts:
            continue
        phrase = " ".join(parts)
        pieces = re.split(
            r"\s+و\s+(?=(?:"
            + "|".join(_SECOND_HEADS)
            + r")(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff]))",
            phrase,
        )
        out += [f"{singular} {piece}" for piece in pieces if piece]
    return out if len(out) >= 2 else []


_NOT_NAMES = {"آمار", "اطلاعات", "برنامه", "گزارش", "طرح"}
_SECOND_HEADS = (
    "بهزیستی", "آموزش", "ورزش", "ثبت", "شبکه", "کمیته", "نیروی", "پزشکی", "فرهنگ", "تبلیغات", "اوقاف",
    "میراث", "جهاد", "صمت", "تعزیرات", "اصناف", "بهداشت", "برق", "گاز", "مخابرات", "آب", "راه", "کار",
    "کتابخانه", "کتابخانه‌های", "دادگستری", "زندان", "هلال", "منابع", "محیط", "امور", "صنعت", "بیمه",
)  # fmt: skip


def from_sentence(text: str) -> list[str]:
    """The organisations a resolution's sentence makes responsible; an empty list if it names none."""
    text = normalize(text)
    listed = shared_prefix(text)
    if listed:
        return listed
    for pattern in (_LABEL, _PAREN_LABEL):
        m = pattern.search(text)
        if m:
            names = split_names(m.group("names"))
            if names:
                return names
    m = _DUTY.search(text)
    if m:
        names = _names_if_orgs(_noun_phrase(m.group("names"), limit=12))
        if names:
            return names
    m = _WITH.search(text)
    if m:
        names = _names_if_orgs(m.group("names"))
        if names:
            return names
    m = _ASKED.search(text)
    if m:
        names = _names_if_orgs(m.group("names"))
        if names:
            return names
    # The subject of the clause: «مقرر شد شهرداری ظرف یک ماه ... اقدام نماید», «نیروی انتظامی موظف است».
    for clause in re.split(r"[.؛]\s*|\s+و\s+(?=مقرر)", text):
        body = _DECISION_PREFIX.sub("", clause.strip())
        subject = _noun_phrase(body)
        if subject and looks_like_org(subject):
            rest = body[len(subject) :] if body.startswith(subject) else body
            if re.search(
                rf"(?:موظف|مکلف|مأمور|مامور|عهده‌دار|متولی)|{_VERBS_ACTIVE}(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])",
                rest,
            ):
                names = _names_if_orgs(subject)
                if names:
                    return names
    m = _BY.search(text)
    if m:
        names = _names_if_orgs(_noun_phrase(m.group("names")))
        if names:
            return names
    m = _JOINT.search(text)
    if m:
        names = _names_if_orgs(_noun_phrase(m.group("names")))
        if names:
            return names
    return []


# --- the registry -------------------------------------------------------------------------------------

_GENERIC = re.compile(r"^(?:اداره\s*کل|اداره|سازمان|وزارت|شرکت|مدیریت|معاونت)\s+")


def _key(name: str) -> str:
    key = search_key(name).replace(ZWNJ, "")
    return re.sub(r"[^\w\s]", " ", key).strip()


def match_organizations(
    names: Iterable[str], registry: Iterable[tuple[Hashable, str]], *, limit: int = 5, cutoff: float = 60.0
) -> list[dict]:
    """For each name, the registry organisations it may be, best first.

    Returns one entry per name: {"name": as written, "suggestions": [{"id", "name", "score"}, ...],
    "match": the id of a confident match or None}. A name with no suggestion is kept as written.
    """
    entries = [(org_id, org_name, _key(org_name)) for org_id, org_name in registry]
    keys = [key for _, _, key in entries]
    results = []
    for name in names:
        key = _key(name)
        found = (
            process.extract(key, keys, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff) if key else []
        )
        suggestions = []
        for _, score, index in found:
            org_id, org_name, org_key = entries[index]
            # A shared generic head («اداره کل») says little: weigh the rest of the name.
            tail_score = fuzz.token_set_ratio(_GENERIC.sub("", key), _GENERIC.sub("", org_key))
            suggestions.append({"id": org_id, "name": org_name, "score": round((score + tail_score) / 2, 1)})
        suggestions.sort(key=lambda s: -s["score"])
        best = suggestions[0] if suggestions else None
        confident = (
            best is not None
            and best["score"] >= 85
            and (len(suggestions) == 1 or best["score"] - suggestions[1]["score"] >= 5)
        )
        results.append({"name": name, "suggestions": suggestions, "match": best["id"] if confident else None})
    return results
