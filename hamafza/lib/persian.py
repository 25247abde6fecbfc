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


# Letters that search treats as one, though a reader tells them apart: alef with madda or hamza, the
# hamza carriers, teh marbuta. Only search keys and matching fold them; stored text keeps them.
_SEARCH_FOLD = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی", "ة": "ه"})
# Maddah and hamza written above or below a letter (U+0653–U+0655), the combining forms of the above.
_SEARCH_MARKS = re.compile("[\u0653-\u0655]")
_SEPARATOR_RUN = re.compile(f"[ {ZWNJ}]+")


def _fold_char(char: str) -> str:
    """One character as search sees it: possibly several (a ligature), possibly none (a vowel mark)."""
    char = normalize_chars(char).translate(_SEARCH_FOLD)
    char = to_ascii_digits(_SEARCH_MARKS.sub("", char)).lower()
    return "".join(" " if c.isspace() else c for c in char)


def fold(text: str) -> tuple[str, list[int]]:
    """`search_key` of `text` (not yet trimmed), with the index in `text` of each character it gives.

    The positions let a match found in the folded text be shown on the characters the user typed.
    """
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text or ""):
        for folded in _fold_char(char):
            chars.append(folded)
            where.append(index)
    folded_text = "".join(chars)
    # As `normalize` spells it, then without ZWNJ: a run of blanks with a ZWNJ joins the words on either
    # side, as does a blank before «ها/تر…» or after «می/نمی»; any other run of blanks is one space.
    drop: set[int] = set()
    for match in _SEPARATOR_RUN.finditer(folded_text):
        if ZWNJ in match.group():
            drop.update(range(match.start(), match.end()))
        else:
            drop.update(range(match.start() + 1, match.end()))
    for match in _SUFFIX.finditer(folded_text):
        drop.update(range(match.start(), match.start(1)))
    for match in _PREFIX.finditer(folded_text):
        drop.update(range(match.end(1), match.end()))
    kept = [i for i in range(len(chars)) if i not in drop]
    return "".join(chars[i] for i in kept), [where[i] for i in kept]


def search_key(text: str) -> str:
    """Fold for search: no harakat, tatweel or ZWNJ, one alef, ی/ک/ه/و, ASCII digits, lower case Latin,
    single spaces, so that «اسیب», «آسيب» and «آسِیب» have the same key."""
    return fold(text)[0].strip()


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where in `text` the folded `terms` occur, as (start, end) of the characters typed, merged and in
    order: what a search result highlights."""
    folded, positions = fold(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        if not term:
            continue
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((positions[start], positions[end - 1] + 1))
            start = folded.find(term, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


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
