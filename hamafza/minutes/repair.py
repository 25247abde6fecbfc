"""Repair of Persian lines copied out of a PDF in visual order.

A PDF viewer copies a right-to-left line as the runs of text it was drawn in, taken from left to right:
each run is in reading order inside, but the runs come last-first. Runs break at spaces and wherever
the font changed, which in Persian PDFs is typically around «ی», «ء» and the «لا» ligature — so a line
comes out as «خدمت هر کدام  یابیعضو کارگروه و نسبت  یدستگاهها تیظرف ءاحصا» for «احصاء ظرفیت
دستگاه‌های عضو کارگروه و نسبت‌یابی خدمت هر کدام».

`repair_line` finds the cut points that make the line read as Persian: it reads the line back from its
end, run by run, and scores every reading with a word list (`lexicon.word_cost`) plus a price per cut.
It only looks for cuts in and next to words the list does not know, so a sound line is left alone.
"""

import re
from bisect import bisect_left
from functools import lru_cache

from hamafza.lib.persian import mirror_brackets
from hamafza.minutes.lexicon import is_prefix, word_cost
from hamafza.minutes.lexicon import prefix_memo as _prefix_memo
from hamafza.minutes.lexicon import word_costs as _word_costs

# Letters that do not join the next letter: a run may end after them inside a word.
_NON_JOINING = set("اآأإدذرزژوؤءۀة")
# Letters that PDF fonts often draw as a separate run.
_LONERS = set("یءئ")
_PUNCT = set(".,،؛;:!؟?«»\"'()[]{}…-–—/\\*•")
_DIGIT = re.compile(r"[0-9۰-۹٠-٩]")

# Price of a cut, by where it falls.
CUT_AT_SPACE = 1.0
CUT_AT_LONER = 0.8
CUT_AT_PUNCT = 0.8
CUT_AFTER_NON_JOINING = 2.2
CUT_IN_WORD = 3.0
# A repair must beat the line as it stands by at least this much.
MARGIN = 2.0
# Most cut points a line is searched with (the search grows with their square).
MAX_CUTS = 36
# How many cut points a run may span.
RUN_REACH = 16
# States kept per position while reading the line back.
BEAM = 6
# Price of a space that a run edge lost.
SPACE_ADDED = 0.5
# Tokens at or above this cost are "not a word" and invite cuts around them.
BAD = 8.5

_SPACES = re.compile(r"\s+")
_STOP_FIRST = re.compile(r"^[.،؛:!؟][\u0600-\u06ff]")


def _cut_price(text: str, i: int) -> float | None:
    """The price of a cut between text[i-1] and text[i], or None where a run cannot break."""
    left, right = text[i - 1], text[i]
    if left.isspace() or right.isspace():
        return CUT_AT_SPACE
    if left in _PUNCT or right in _PUNCT or _DIGIT.match(left) or _DIGIT.match(right):
        return CUT_AT_PUNCT
    if left in _LONERS or right in _LONERS:
        return CUT_AT_LONER
    if right == "ل" and i + 1 < len(text) and text[i + 1] == "ا":
        return CUT_AT_LONER  # before the lam-alef ligature
    if left == "ا" and i >= 2 and text[i - 2] == "ل":
        return CUT_AT_LONER  # after it
    if left in _NON_JOINING or right == "ا":
        return CUT_AFTER_NON_JOINING
    return CUT_IN_WORD


_DEAD = "\x00"


def _open_estimate(token: str) -> float:
    """What an unfinished word will likely cost: its price if it is a word already, else an average word's."""
    if not token.strip():
        return 0.0
    return min(word_cost(token), 4.0)


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


@lru_cache(maxsize=4096)
def repair_line(text: str) -> str | None:
    """The line in reading order if it reads better cut and reversed, else None."""
    text = text.strip()
    spans = _tokens(text)
    if not spans:
        return None
    costs = [word_cost(text[s:e]) for s, e in spans]
    bad = [k for k, c in enumerate(costs) if c >= BAD or _STOP_FIRST.match(text[spans[k][0] : spans[k][1]])]
    if not bad:
        return None
    n = len(text)
    # Candidate cuts: inside and around the tokens that are not words.
    prices: dict[int, float] = {}
    for k in bad:
        s, e = spans[k]
        lo = spans[k - 1][1] if k > 0 else 0
        hi = spans[k + 1][0] if k + 1 < len(spans) else n
        for i in range(max(1, lo), min(n - 1, hi) + 1):
            price = _cut_price(text, i)
            if price is not None:
                prices[i] = price
        # A word of the list next to debris may be debris too («س‌های لاک», «می لااس»): its edges and its
        # lam-alef and loner letters are cut points as well.
        for j in (k - 1, k + 1):
            if 0 <= j < len(spans):
                ns, ne = spans[j]
                for i in range(max(1, ns), min(n - 1, ne) + 1):
                    price = _cut_price(text, i)
                    if price is not None and (i in (ns, ne) or price <= CUT_AT_LONER):
                        prices[i] = price
    if len(prices) > MAX_CUTS:
        # A line of debris from end to end: keep only the cheap cuts, or give up on it.
        prices = {i: p for i, p in prices.items() if p < CUT_AFTER_NON_JOINING}
        if len(prices) > MAX_CUTS:
            return None
    if not prices:
        return None
    cuts = sorted(prices)

    # For every position: the cost of the whole tokens before it, the first space at or after it and the
    # last space before it, so that a run's inside is priced in constant time.
    starts_at = [len(spans)] * (n + 2)
    ends_by = [0] * (n + 2)
    for k, (s, e) in enumerate(spans):
        starts_at[s] = k
        ends_by[e] = k + 1
    for i in range(n, -1, -1):
        if starts_at[i] == len(spans):
            starts_at[i] = starts_at[i + 1]
    for i in range(1, n + 1):
        ends_by[i] = max(ends_by[i], ends_by[i - 1])
    prefix = [0.0]
    for c in costs:
        prefix.append(prefix[-1] + c)
    next_space = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        next_space[i] = i if text[i].isspace() else next_space[i + 1]
    prev_space = [-1] * (n + 1)
    for i in range(1, n + 1):
        prev_space[i] = i - 1 if text[i - 1].isspace() else prev_space[i - 1]

    # Reading from the end of the line: state = (frontier, open token) → (cost, back pointer, run end).
    # The open token is the last, unfinished word of the reading so far; a run may start a new word
    # (a space lost at its edge) for the price of SPACE_ADDED.
    positions = [0] + cuts
    # An open token that no word starts with («لامح») can only end as debris: such states are merged, one
    # per position, which keeps the search small without losing a reading made of words.
    best: dict[tuple[int, str], tuple[float, tuple | None, int, bool, str]] = {
        (n, ""): (0.0, None, n, False, "")
    }
    # What a state is compared by: its cost, plus the price of its open token where that is debris.
    rank_of: dict[tuple[int, str], float] = {(n, ""): 0.0}
    by_frontier: dict[int, list[tuple[int, str]]] = {n: [(n, "")]}
    costs_memo = _word_costs()
    prefix_memo = _prefix_memo()

    def cost_of(token: str) -> float:
        return costs_memo.get(token) or word_cost(token)

    def landing(a: int, new_open: str) -> tuple[tuple[int, str], str, float, float]:
        """Where a reading whose next run starts at `a` lands: (key, open token, added to its cost,
        added to its rank on top of that)."""
        if a == 0:
            return (0, ""), "", (cost_of(new_open) if new_open.strip() else 0.0), 0.0
        if prefix_memo.get(new_open) or (new_open not in prefix_memo and is_prefix(new_open)):
            return (a, new_open), new_open, 0.0, 0.0
        return (a, _DEAD), new_open, 0.0, cost_of(new_open)

    for b in sorted(set(positions) | {n}, reverse=True):
        if b == 0:
            break
        states = by_frontier.get(b)
        if not states:
            continue
        if len(states) > BEAM:
            states = sorted(states, key=lambda st: best[st][0] + _open_estimate(best[st][4]))[:BEAM]
        price = 0.0 if b == n else prices[b]
        # What each run ending here contributes, whatever came before it: the parts that do not depend on
        # the reading so far are priced once, here.
        ls = prev_space[b]
        runs = []
        # A run reaches back over at most RUN_REACH cut points (or to the start of the line): runs are
        # long only where the text between cut points is sound, and there the cut points are few.
        index = bisect_left(positions, b)
        for a in [0, *positions[max(1, index - RUN_REACH) : index]]:
            if a >= b:
                break
            chunk = text[a:b]
            fs = next_space[a]
            if fs >= b:
                # The run lies inside one word: it joins the open token, or starts a word of its own.
                runs.append((a, chunk, None, 0.0, chunk[0].isspace(), None, landing(a, chunk)))
            else:
                lo, hi = starts_at[fs + 1], ends_by[ls]
                inner = prefix[hi] - prefix[lo] if hi > lo else 0.0
                head_part = text[a:fs]
                head_alone = cost_of(head_part) if head_part.strip() else None
                runs.append(
                    (a, head_part, head_alone, inner, chunk[0].isspace(), landing(a, text[ls + 1 : b]), None)
                )
        for state in states:
            cost0, _, _, _, open_token = best[state]
            base = cost0 + price
            open_cost = cost_of(open_token) if open_token.strip() else 0.0
            for a, part, head_alone, inner, lead_space, tail_landing, alone_landing in runs:
                for split in (False, True) if open_token and not lead_space else (False,):
                    if split:
                        total = base + SPACE_ADDED + open_cost
                    else:
                        total = base
                    if tail_landing is None:
                        # `part` is the whole run: the open token grows by it, or it starts a new one.
                        if split:
                            key, new_open, added, extra = alone_landing
                        else:
                            key, new_open, added, extra = landing(a, open_token + part)
                    else:
                        # `part` ends the open token (or is a word of its own); the run's inside is
                        # priced already, and its tail becomes the open token.
                        key, new_open, added, extra = tail_landing
                        if split:
                            if head_alone is not None:
                                total += head_alone
                        else:
                            # Costs are never negative: a reading that cannot win even with its head
                            # word for free is dropped before the head is looked up.
                            old = rank_of.get(key)
                            if old is not None:
                                bound = base + inner
                                if added:
                                    bound += added
                                if (bound + extra if extra else bound) >= old:
                                    continue
                            head = open_token + part
                            if head.strip():
                                total += cost_of(head)
                        total += inner
                    if added:
                        total += added
                    rank = total + extra if extra else total
                    old = rank_of.get(key)
                    if old is None or rank < old:
                        if old is None:
                            by_frontier.setdefault(a, []).append(key)
                        best[key] = (total, state, b, split, new_open)
                        rank_of[key] = rank
    final = best.get((0, ""))
    identity = sum(costs)
    if final is None or final[0] > identity - MARGIN:
        return None
    # Walk back: each step took text[a:b] as the next run.
    runs = []
    key = (0, "")
    while best[key][1] is not None:
        _, prev, b, split, _ = best[key]
        runs.append((" " if split else "") + text[key[0] : b])
        key = prev
    runs.reverse()  # runs were appended from the end of the line
    if len(runs) <= 1:
        return None
    repaired = _SPACES.sub(" ", "".join(runs)).strip()
    # Reject a reading that turns an unknown word (a name, a rare term) into scraps of letters.
    if _debris(repaired) > _debris(text):
        return None
    return repaired


def _debris(text: str) -> int:
    return sum(1 for t in text.split() if len(t.strip(".،؛:!؟()«»\"'")) in (1, 2) and word_cost(t) >= BAD)


_MIRRORED = re.compile(r"^[^()]*\)[^()]*\(")


def fix_brackets(text: str) -> str:
    """Brackets that come out mirrored (`)حاشیه(`) in text copied in visual order."""
    if _MIRRORED.search(text):
        return mirror_brackets(text)
    return text


_QUOTES = re.compile(r"\"([^\"]{1,80})\"")


def guillemets(text: str) -> str:
    """ASCII double quotes around Persian words become «» as Persian prints them."""
    return _QUOTES.sub(lambda m: "«" + m.group(1).strip() + "»", text)


# --- word order ---------------------------------------------------------------------------------------

# Verbs that end a Persian sentence: at the end of a line in reading order, at its start when reversed.
_FINAL_VERBS = set(
    "است شد شود شوند گردد گردند گردید گردیدند نماید نمایند نمود نمودند باشد باشند بود بودند کند کنند کرد "
    "کردند دهد دهند داد دادند یافت گرفت گیرد گیرند داشت داشتند دارد دارند می‌باشد میباشد می‌شود میشود "
    "می‌گردد میگردد خواهد‌شد رسید گذاشت".split()
)
# Word pairs that only come in this order.
_ORDERED_PAIRS = {
    ("مقرر", "شد"), ("مقرر", "گردید"), ("موظف", "است"), ("موظف", "هستند"), ("مکلف", "است"), ("اقدام", "نماید"),
    ("اقدام", "نمایند"), ("اقدام", "کند"), ("اقدام", "کنند"), ("نسبت", "به"), ("بر", "عهده"), ("به", "عهده"),
    ("خواهد", "بود"), ("خواهد", "شد"), ("مسئول", "پیگیری"), ("مسوول", "پیگیری"), ("گزارش", "عملکرد"),
    ("آموزش", "و"), ("و", "پرورش"), ("در", "خصوص"), ("به", "منظور"), ("به", "صورت"), ("از", "طریق"),
    ("با", "همکاری"), ("با", "حضور"), ("به", "ریاست"), ("تصویب", "شد"), ("برگزار", "شد"), ("برگزار", "گردید"),
    ("ارائه", "شود"), ("ارائه", "نماید"), ("انجام", "شود"), ("انجام", "شد"), ("تشکیل", "شد"), ("می", "شود"),
    ("می", "باشد"), ("می", "گردد"), ("ظرف", "مدت"), ("حداکثر", "تا"), ("تا", "پایان"), ("در", "محل"),
    ("جلسه", "کارگروه"), ("جلسه", "شورای"), ("وزارت", "کشور"), ("نیروی", "انتظامی"), ("کمیته", "امداد"),
    ("اداره", "کل"), ("سازمان", "بهزیستی"), ("هیئت", "رئیسه"), ("قرار", "گرفت"), ("مورد", "بررسی"),
}  # fmt: skip
_MARKER_FIRST = re.compile(r"^[(]?\d{1,3}[-.)]$|^[\u06f0-\u06f9]{1,3}[-.)]$")
_MARKER_LAST = re.compile(r"^[-.(]?(?:\d{1,3}|[\u06f0-\u06f9]{1,3})[-.)]?$")
_PUNCT_FIRST = re.compile(r"^([.،؛:!؟]+)(\S+)$")


def _order_score(words: list[str]) -> float:
    """How much a sequence of words reads in Persian order (positive) rather than backwards."""
    if not words:
        return 0.0
    bare = [w.strip(".،؛:!؟") for w in words]
    score = 0.0
    if bare[-1] in _FINAL_VERBS:
        score += 2.0
    if bare[0] in _FINAL_VERBS and len(words) > 2:
        score -= 2.0
    if _MARKER_FIRST.match(words[0]):
        score += 2.0
    if _MARKER_LAST.match(words[-1]):
        score -= 2.0
    for w in words:
        if _PUNCT_FIRST.match(w):
            score -= 1.5
    for a, b in zip(bare, bare[1:], strict=False):
        if (a, b) in _ORDERED_PAIRS:
            score += 1.0
        elif (b, a) in _ORDERED_PAIRS:
            score -= 1.0
    return score


def reverse_words(text: str) -> str:
    """The words of a line in the opposite order, with stops and item markers put back on their side."""
    words = text.split()
    out = []
    for w in reversed(words):
        m = _PUNCT_FIRST.match(w)
        if m and not w[0].isdigit():
            w = m.group(2) + m.group(1)
        if _MARKER_LAST.match(w) and w[0] in "-.(":
            w = w[1:] + (")" if w[0] == "(" else w[0])
        out.append(w)
    return " ".join(out)


def reorient(text: str) -> str | None:
    """The line with its words reversed, if it reads clearly better that way."""
    words = text.split()
    if len(words) < 3:
        return None
    flipped = reverse_words(text)
    if _order_score(flipped.split()) - _order_score(words) >= 2.0:
        return flipped
    return None


def _reading_cost(text: str) -> float:
    words = text.split()
    return sum(word_cost(w) for w in words) - _order_score(words)


def to_reading_order(text: str) -> str:
    """A line of a document copied in visual order, in reading order as best it can be put.

    Two ways are tried and the one that reads better is kept: cut into runs first and then turned round
    (pieces of words drawn as runs of their own, as in seed 001), or turned round word by word first and
    then cut (a viewer that copies each word as a run).
    """
    text = text.strip()
    flipped = reorient(text)
    if flipped is not None and all(word_cost(w) < BAD for w in flipped.split()):
        return flipped  # every word sound: the words only came in the wrong order
    cut_first = repair_line(text) or text
    cut_first = reorient(cut_first) or cut_first
    if flipped is None:
        return cut_first
    turned_first = repair_line(flipped) or flipped
    if _reading_cost(turned_first) <= _reading_cost(cut_first):
        return turned_first
    return cut_first
