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
from functools import lru_cache

from hamafza.lib.persian import mirror_brackets
from hamafza.minutes.lexicon import UNKNOWN_COST, word_cost

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
CUT_AFTER_NON_JOINING = 1.6
CUT_IN_WORD = 2.4
# A repair must beat the line as it stands by at least this much.
MARGIN = 2.0
# Most cut points a line is searched with (the search grows with their square).
MAX_CUTS = 36
# States kept per position while reading the line back.
BEAM = 5
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
    best: dict[tuple[int, str], tuple[float, tuple | None, int, bool]] = {(n, ""): (0.0, None, n, False)}
    by_frontier: dict[int, list[tuple[int, str]]] = {n: [(n, "")]}
    for b in sorted(set(positions) | {n}, reverse=True):
        if b == 0:
            break
        states = by_frontier.get(b, [])
        if len(states) > BEAM:
            states = sorted(states, key=lambda st: best[st][0] + word_cost(st[1]))[:BEAM]
        for state in states:
            cost0 = best[state][0]
            open_token = state[1]
            price = 0.0 if b == n else prices[b]
            for a in positions:
                if a >= b:
                    break
                chunk = text[a:b]
                fs = next_space[a]
                ls = prev_space[b]
                glued = bool(open_token) and not chunk[0].isspace()
                for split in (False, True) if glued else (False,):
                    total = cost0 + price + (SPACE_ADDED if split else 0.0)
                    head_prefix = "" if split else open_token
                    if split:
                        total += word_cost(open_token)
                    if fs >= b:
                        new_open = head_prefix + chunk
                    else:
                        head = head_prefix + text[a:fs]
                        if head.strip():
                            total += word_cost(head)
                        lo, hi = starts_at[fs + 1], ends_by[ls]
                        if hi > lo:
                            total += prefix[hi] - prefix[lo]
                        new_open = text[ls + 1 : b]
                    if a == 0:
                        if new_open.strip():
                            total += word_cost(new_open)
                        new_open = ""
                    key = (a, new_open)
                    if key not in best or total < best[key][0]:
                        if key not in best:
                            by_frontier.setdefault(a, []).append(key)
                        best[key] = (total, state, b, split)
    final = best.get((0, ""))
    identity = sum(costs)
    if final is None or final[0] > identity - MARGIN:
        return None
    # Walk back: each step took text[a:b] as the next run.
    runs = []
    key = (0, "")
    while best[key][1] is not None:
        _, prev, b, split = best[key]
        runs.append((" " if split else "") + text[key[0] : b])
        key = prev
    runs.reverse()  # runs were appended from the end of the line
    if len(runs) <= 1:
        return None
    return _SPACES.sub(" ", "".join(runs)).strip()


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
