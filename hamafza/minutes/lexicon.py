"""A Persian word list with frequencies, for telling words from the debris of a badly copied PDF.

The list is wordfreq's Persian one (about 31,000 words, shipped in data/fa_words.tsv.gz under CC BY-SA 4.0;
see data/README.md). It is loaded once, on first use, and keyed by
the spelling without ZWNJ, so «دستگاه‌های», «دستگاه های» and «دستگاههای» are the same word to it.
"""

import gzip
import math
import re
from functools import lru_cache
from pathlib import Path

from hamafza.lib.persian import ZWNJ, normalize_chars

# The cost of a word is -log10 of its frequency: about 1.5 for «و», 5 for «کارگروه», 6.5 for rare words.
UNKNOWN_COST = 10.0  # for a three-letter unknown word
SINGLE_LETTER_COST = 9.0
NUMBER_COST = 3.0
PUNCT_COST = 1.0

_EDGE_PUNCT = re.compile(r"^[\s.,،؛;:!؟?«»\"'()\[\]{}…\-–—/\\*•]+|[\s.,،؛;:!؟?«»\"'()\[\]{}…\-–—/\\*•]+$")
_DIGITS = re.compile(r"^[0-9۰-۹٠-٩]+([/.\-][0-9۰-۹٠-٩]+)*$")
_LETTERS = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0622]")

# Words of minutes that a general list may lack or rank low.
_DOMAIN = """
مصوبه مصوبات صورتجلسه کارگروه کارگروه‌های قرارگاه دستگاه دستگاه‌های دستگاه‌ها فرمانداری فرمانداری‌ها
استانداری استانداری‌ها شهرداری شهرداری‌ها بهزیستی فراجا ناجا سمن سمن‌ها خیرین مقرر گردید نماید نمایند
پیگیری مسئول مسوول مسئولیت ادارات اداره‌کل احصاء احصا اولویت‌بندی هم‌افزایی تسهیل‌گری حاشیه‌نشینی
نسبت‌یابی ایده‌پردازی مداخله‌کننده توانمندسازی آسیب‌های اجتماعی ساماندهی دهیاری بخشداری دادستانی
دادگستری دبیرخانه کمیته امداد هلال‌احمر اوقاف تبلیغات ارشاد محلات نواحی مشارکت ارتقاء ارتقای
"""


WORDS_FILE = Path(__file__).resolve().parent / "data" / "fa_words.tsv.gz"


def _word_frequencies():
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, _tab, freq = line.rstrip("\n").partition("\t")
            yield word, float(freq)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, float], dict[str, str]]:
    costs: dict[str, float] = {}
    joined_freq: dict[str, float] = {}
    zwnj_form: dict[str, str] = {}
    zwnj_freq: dict[str, float] = {}
    for word, freq in _word_frequencies():
        if not _LETTERS.search(word):
            continue
        spelled = normalize_chars(word)
        key = spelled.replace(ZWNJ, "")
        if not key:
            continue
        cost = -math.log10(freq)
        if cost < costs.get(key, 99.0):
            costs[key] = cost
        if ZWNJ in spelled.strip(ZWNJ):
            if freq > zwnj_freq.get(key, 0.0):
                zwnj_freq[key] = freq
                zwnj_form[key] = spelled
        else:
            joined_freq[key] = max(freq, joined_freq.get(key, 0.0))
    for word in _DOMAIN.split():
        key = word.replace(ZWNJ, "")
        costs[key] = min(costs.get(key, 99.0), 5.0)
        if ZWNJ in word:
            zwnj_form.setdefault(key, word)
            zwnj_freq.setdefault(key, 1e-5)
    # Keep a ZWNJ spelling only where it is the commoner way to write the word.
    zwnj_form = {k: v for k, v in zwnj_form.items() if zwnj_freq[k] >= joined_freq.get(k, 0.0)}
    return costs, zwnj_form


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    costs, _ = _tables()
    found = set()
    for word in costs:
        if len(word) > 2 or word in SHORT_WORDS:
            for i in range(1, len(word) + 1):
                found.add(word[:i])
    return frozenset(found)


_INNER_PUNCT = re.compile("[\u200c\\s]")


def is_prefix(token: str) -> bool:
    """Whether some word of the list starts with `token` (anything not made of letters counts as yes)."""
    found = _PREFIX_MEMO.get(token)
    if found is None:
        if token and not token.strip(_PLAIN_CHARS):
            found = token in _prefixes()  # letters only, the common case: nothing to take out first
        elif not (word := _INNER_PUNCT.sub("", token)) or (
            not _PLAIN.fullmatch(word) and not (len(word) == 1 and _LETTERS.match(word))
        ):
            found = True
        else:
            found = word in _prefixes()
        if len(_PREFIX_MEMO) < 500_000:
            _PREFIX_MEMO[token] = found
    return found


_PREFIX_MEMO: dict[str, bool] = {}


def prefix_memo() -> dict[str, bool]:
    """The memo of `is_prefix`, for the same loops."""
    return _PREFIX_MEMO


def bare(token: str) -> str:
    """A token without its surrounding punctuation and without ZWNJ: the key of the word list."""
    return _EDGE_PUNCT.sub("", token).replace(ZWNJ, "")


def is_known(word: str) -> bool:
    costs, _ = _tables()
    return word in costs


_LEADING_STOP = re.compile(r"^[.،؛:!؟?]+[\u0600-\u06ff]")


_PLAIN = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]{2,}")
# The same letters for str.strip: a token is all of them when stripping them leaves nothing.
_PLAIN_CHARS = "".join(map(chr, range(0x0621, 0x064B))) + "\u067e\u0686\u0698\u06a9\u06af\u06cc"


def word_cost(token: str) -> float:
    """How unlikely a token is as a Persian word (lower is likelier)."""
    cost = _COSTS.get(token)
    if cost is not None:
        return cost
    if len(token) >= 2 and not token.strip(_PLAIN_CHARS):  # what _PLAIN.fullmatch tells, faster
        # Letters only: the common case, priced without the general path below.
        cost = _tables()[0].get(token) if len(token) > 2 or token in SHORT_WORDS else None
        if cost is None:
            cost = UNKNOWN_COST + 2.0 * max(0, len(token) - 3)
    else:
        cost = _word_cost(token)
    if len(_COSTS) < 500_000:
        _COSTS[token] = cost
    return cost


_COSTS: dict[str, float] = {}


def word_costs() -> dict[str, float]:
    """The memo of `word_cost`, for loops that look tokens up by the hundred thousand."""
    return _COSTS


# The words of one or two letters that Persian prose really uses; any other such token is debris.
SHORT_WORDS = set(
    "و به از در با تا که را بر هر آن او ما تو من نه یا هم پس چه دو سه ده صد ای وی ها یک می نو سر دل جا شب "
    "گل کم بد پر زن رو دی مه شد بی کل حل طی حد سن شش خط جز ره نظ دم پا سو کو بن ثبت شر حج مد خود ضد "
    "تن سی پی فن جو ید مو شه ری".split()
)


def _word_cost(token: str) -> float:
    if _LEADING_STOP.match(token):
        return 4.5 + word_cost(token.lstrip(".،؛:!؟?"))  # a stop before a word: text read backwards
    if ZWNJ in token and any(len(part) == 1 for part in bare(token.replace(ZWNJ, " ")).split()):
        return UNKNOWN_COST + len(token)  # «س‌ه»: a letter cut off a word, not a word
    word = bare(token)
    if not word:
        return PUNCT_COST
    if _DIGITS.match(word):
        return NUMBER_COST
    if len(word) == 1:
        return 1.6 if word == "و" else SINGLE_LETTER_COST
    costs, _ = _tables()
    cost = costs.get(word) if len(word) > 2 or word in SHORT_WORDS else None
    if cost is not None:
        return cost
    if not _LETTERS.search(word):
        return 4.0  # Latin words, codes
    # Longer debris costs more, so that gluing a word onto debris never looks like a gain.
    return UNKNOWN_COST + 2.0 * max(0, len(word) - 3)


def restore_zwnj(text: str) -> str:
    """Put back the ZWNJ of words the list knows with one («دورهای» → «دوره‌ای», «میشود» → «می‌شود»)."""
    _, forms = _tables()

    def fix(match: re.Match) -> str:
        word = match.group(0)
        return forms.get(word, word)

    return _WORD.sub(fix, text)


_WORD = re.compile("[\u0600-\u06ff]+")
