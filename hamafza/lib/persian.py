"""Persian text normalisation, shared by search and the minutes importer.

Pure functions, no Django. `normalize` gives the spelling a person would write (Persian ی/ک, ZWNJ
where Persian wants it); `search_key` folds everything that should not matter to a search.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

ZWNJ = "\u200c"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

_TO_ASCII_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(ASCII_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)

_CHAR_MAP = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh
        "ى": "ی",  # alef maksura
        "ئ": "ئ",
        "ك": "ک",  # Arabic kaf
        "ة": "ه",
        "ۀ": "هٔ",
        "ـ": None,  # tatweel
        "\u200e": None,  # LRM
        "\u200f": None,  # RLM
        "\u202a": None,
        "\u202b": None,
        "\u202c": None,
        "\u202d": None,
        "\u202e": None,
        "\u2066": None,
        "\u2067": None,
        "\u2068": None,
        "\u2069": None,
        "\ufeff": None,
        "\u200d": None,  # ZWJ
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)

# Short vowels and other harakat: not written in ordinary Persian text and irrelevant to search.
_HARAKAT = re.compile("[\u064b-\u0652\u0670]")
_SPACES = re.compile(r"[ \t]+")
_ZWNJ_RUN = re.compile(f"(?:\\s*{ZWNJ}\\s*)+")

# A separate «ها/های/هایی/تر/ترین» after a word, or «می/نمی» before a verb, joins with a ZWNJ.
_SUFFIX = re.compile(
    f"(?<=[\u0600-\u06ff])[ {ZWNJ}]+(ها|های|هایی|هایم|هایت|هایش|هایمان|هایتان|هایشان|تر|ترین)(?![\u0600-\u06ff])"
)
_PREFIX = re.compile(f"(?<![\u0600-\u06ff])(ن?می)[ {ZWNJ}]+(?=[\u0600-\u06ff]{{2}})")


def to_ascii_digits(text: str) -> str:
    return text.translate(_TO_ASCII_DIGITS)


def to_persian_digits(text: str | int) -> str:
    return str(text).translate(_TO_PERSIAN_DIGITS)


def format_number(value, places: int = 2, persian: bool = True) -> str | None:
    """A count, a quantity or a sum grouped by thousands with at most `places` decimals and no trailing
    zeros («۱۰», «۱٬۲۵۰», «۲٫۵»), never in scientific notation (a Decimal «1E+1»); None if not a number."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    text = f"{number:,.{int(places)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return to_persian_digits(text.replace(",", "٬").replace(".", "٫")) if persian else text


def normalize_chars(text: str) -> str:
    """Presentation forms, Arabic letters, tatweel and bidi controls → plain Persian letters."""
    text = unicodedata.normalize("NFKC", text)  # folds presentation forms (U+FB50–U+FEFF)
    text = text.translate(_CHAR_MAP)
    return _HARAKAT.sub("", text)


def normalize(text: str) -> str:
    """The spelling a Persian reader expects: ی/ک, ZWNJ after «می» and before «ها/تر», single spaces."""
    text = normalize_chars(text)
    text = _ZWNJ_RUN.sub(ZWNJ, text)
    text = _SUFFIX.sub(lambda m: ZWNJ + m.group(1), text)
    text = _PREFIX.sub(lambda m: m.group(1) + ZWNJ, text)
    text = _SPACES.sub(" ", text)
    # A ZWNJ at the edge of a line joins nothing: « \u200c » alone is an empty text.
    return "\n".join(line.strip().strip(ZWNJ).strip() for line in text.split("\n")).strip()


# Invisible bidi controls (LRM, RLM, embeddings, overrides, isolates) and the byte-order mark: pasted from
# Word or a browser, they are invisible, change nothing a reader sees and break matching and copying.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def tidy(text: str) -> str:
    """Text a person wrote, as stored and shown: exactly as typed, but for the invisible bidi controls and
    the blanks around it. No folding of letters, harakat or fractions («لطفاً», «خیّرین», «½» stay); that
    belongs to `search_key` and matching."""
    # A ZWNJ at the edge joins nothing: « \u200c » alone is an empty text.
    return _BIDI_CONTROLS.sub("", text or "").strip().strip(ZWNJ).strip()


def search_key(text: str) -> str:
    """Fold for search: normalised spelling, no ZWNJ, ASCII digits, lower case Latin, single spaces."""
    text = normalize(text)
    text = text.replace(ZWNJ, "")
    text = to_ascii_digits(text).lower()
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def search_terms(query: str) -> list[str]:
    """The terms of a query, each folded like the text it is matched against."""
    return [term for term in search_key(query).split(" ") if term]


# --- Compound spelling (added for the minutes importer; `normalize` above is unchanged) ---------------

_LETTER = "[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]"

# Word-forming suffixes and second parts that Persian spelling joins to the word before with a ZWNJ
# («اولویت بندی» → «اولویت‌بندی», «حاشیه ای» → «حاشیه‌ای», «مداخله کننده» → «مداخله‌کننده»).
_COMPOUND_TAILS = (
    "بندی|بندی‌ها|یابی|گری|گرایی|کننده|کنندگان|کنندگی|پردازی|سازی|گذاری|گیری|پذیر|پذیری|ناپذیر|"
    "شناسی|شناختی|زدایی|رسانی|دهی|مندی|مندان|نشین|نشینی|نشینان|آموزی|آموزان|"
    "رسان|افزایی|ساز|سازان"
)
_COMPOUND = re.compile(f"(?<={_LETTER})[ {ZWNJ}]+({_COMPOUND_TAILS})(?!{_LETTER})")
# The adjectival/indefinite «ای» after a final «ه» («دوره ای» → «دوره‌ای»).
_EH_AI = re.compile(f"(?<={_LETTER}ه)[ {ZWNJ}]+(ای|ایی)(?!{_LETTER})")
# «ها/های» glued to a final «ه» («دستگاههای» → «دستگاه‌های»): a final heh never joins a plural suffix.
_EH_HA = re.compile(f"(?<={_LETTER}{_LETTER}ه)(ها|های|هایی|هایشان)(?!{_LETTER})")
# «هم/بی» as a prefix before a word they commonly form compounds with.
_HAM = re.compile(
    f"(?<!{_LETTER})(هم|بی)[ {ZWNJ}]+(?=(?:افزایی|اندیشی|فکری|کاری|زیستی|سویی|سو|راستا|راستایی|زمان|"
    f"آهنگی|گرایی|پوشانی|توجهی|سرپرست|سرپرستان|خانمان|رویه)(?!{_LETTER}))"
)
# «به» glued or spaced before the nouns it forms adverbs with («بمنظور»/«بهصورت» → «به‌منظور»/«به‌صورت»).
_BE_ADVERB = re.compile(
    f"(?<!{_LETTER})(?:به[ {ZWNJ}]?|ب)(صورت|منظور|عنوان|ویژه|طور|موقع|زودی|تدریج|رغم|خصوص)(?!{_LETTER})"
)


def normalize_compounds(text: str) -> str:
    """`normalize`, then the ZWNJ of compound words that the minutes of agencies write with a space or glued.

    Used for the text of extracted resolutions, where the reader expects the written standard
    («به‌صورت دوره‌ای», «اولویت‌بندی», «دستگاه‌های»). Search keys drop ZWNJ, so both spellings still match.
    """
    text = normalize(text)
    text = _BE_ADVERB.sub(lambda m: "به" + ZWNJ + m.group(1), text)
    text = _HAM.sub(lambda m: m.group(1) + ZWNJ, text)
    text = _EH_HA.sub(lambda m: ZWNJ + m.group(1), text)
    text = _EH_AI.sub(lambda m: ZWNJ + m.group(1), text)
    text = _COMPOUND.sub(lambda m: ZWNJ + m.group(1), text)
    return text


_MIRROR = str.maketrans("()[]{}«»<>", ")(][}{»«><")


def mirror_brackets(text: str) -> str:
    """Swap opening and closing brackets, for text whose characters came out in visual order."""
    return text.translate(_MIRROR)


# Spans of a sentence whose digits stay Latin: web and e-mail addresses, and codes that start with a Latin
# letter (IR-23, A4, report_2.xlsx).
_KEEP_LATIN = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[A-Za-z][\w./-]*")
_PERCENT = re.compile(r"(?<=[0-9۰-۹])\s?%")


def persian_digits_in_prose(text: str) -> str:
    """A sentence for a Persian page: its numbers in Persian digits and «٪» for «%» after a number, leaving
    addresses and Latin codes as they are."""
    text = str(text)
    out, last = [], 0
    for match in _KEEP_LATIN.finditer(text):
        out.append(_PERCENT.sub("٪", to_persian_digits(text[last : match.start()])))
        out.append(match.group())
        last = match.end()
    out.append(_PERCENT.sub("٪", to_persian_digits(text[last:])))
    return "".join(out)
