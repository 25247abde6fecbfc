"""PDF characters become lines of text in reading order.

Right-to-left lines are rebuilt from the positions of their characters: numbers and Latin words keep
their direction, the lam-alef ligature is repaired, marks join their letters, mirrored brackets are put
back.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass


@dataclass
class PdfLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    rtl: bool
    first_word: float  # width of the first word in reading order (for joining wrapped lines)


def bidi_class(text: str) -> str:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
        if kind in ("EN", "AN"):
            return "N"
        if kind in ("ES", "CS"):
            return "S"
        if kind == "ET":
            return "T"
        if kind == "WS" or ch == " ":
            return "W"
        if kind == "NSM":
            return "M"
    return "O"


_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")


def clean_chars(chars: list[dict]) -> list[dict]:
    """Upright characters with text, overprinted duplicates (fake bold) removed, ligatures normalised."""
    out: list[dict] = []
    seen: set[tuple] = set()
    for ch in chars:
        text = ch.get("text") or ""
        if not text or not ch.get("upright", True):
            continue
        key = (text, round(ch["x0"]), round(ch["top"]))
        if key in seen:
            continue
        seen.add(key)
        text = unicodedata.normalize("NFKC", text)  # presentation forms, e.g. U+FEFB ﻻ → لا
        if set(text) == {"ا", "ل"} and len(text) == 2:
            text = "لا"  # one glyph is a lam-alef ligature, whose logical order is always lam then alef
        out.append({**ch, "text": text})
    return out


def _group_lines(chars: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        height = max(ch["bottom"] - ch["top"], 1.0)
        if lines:
            last = lines[-1]
            last_mid = statistics.fmean((c["top"] + c["bottom"]) / 2 for c in last[-8:])
            if abs(mid - last_mid) <= 0.45 * height:
                last.append(ch)
                continue
        lines.append([ch])
    return lines


def _repair_ligatures(items: list[dict]) -> None:
    """Lam-alef glyphs that a font maps to «ل» or «ا» alone, recognised by their width and joining."""
    for i, ch in enumerate(items):
        size = ch.get("size") or (ch["bottom"] - ch["top"])
        width = ch["x1"] - ch["x0"]
        if ch["text"] == "ا" and width >= 0.45 * size:
            ch["text"] = "لا"  # an alef is narrow; this glyph is twice as wide
        elif ch["text"] == "ل" and width >= 0.5 * size and i > 0:
            left = items[i - 1]  # the next letter in reading order
            touching = ch["x0"] - left["x1"] < 0.06 * size
            if touching and _ARABIC_LETTER.match(left["text"]) and left["text"][-1] not in "هیي":
                # A lam this wide is final or isolated, so nothing may join it: the glyph was lam-alef.
                ch["text"] = "لا"


def _merge_marks(items: list[dict]) -> list[dict]:
    """Attach combining marks (harakat, hamza above) to the letter they sit on."""
    bases = [ch for ch in items if bidi_class(ch["text"]) != "M"]
    for ch in items:
        if bidi_class(ch["text"]) == "M" and bases:
            center = (ch["x0"] + ch["x1"]) / 2
            base = min(
                bases,
                key=lambda b: 0
                if b["x0"] <= center <= b["x1"]
                else min(abs(b["x0"] - center), abs(b["x1"] - center)),
            )
            base["text"] = base["text"] + ch["text"]
    return bases


def _zero_width_joiners(chars: list[dict]) -> None:
    """A space glyph drawn over its neighbour has no advance: it stands for a ZWNJ («سه‌شنبه»)."""
    for i, ch in enumerate(chars):
        if ch["text"] != " ":
            continue
        width = ch["x1"] - ch["x0"]
        after = chars[i + 1] if i + 1 < len(chars) else None
        before = chars[i - 1] if i else None
        if (after is not None and after["text"] != " " and after["x0"] < ch["x1"] - 0.5 * width) or (
            before is not None and before["text"] != " " and before["x1"] > ch["x0"] + 0.5 * width
        ):
            ch["text"] = "\u200c"


def _visual_items(chars: list[dict]) -> list[dict]:
    """Characters of one line from left to right, with a space item wherever words are apart."""
    chars = sorted(chars, key=lambda c: (round(c["x0"], 1), c["x1"]))
    chars = _merge_marks(chars)
    _zero_width_joiners(chars)
    items: list[dict] = []
    for ch in chars:
        if ch["text"] == "\u200c":
            if items and items[-1]["text"] not in (" ", "\u200c"):
                items.append(ch)
            continue
        if ch["text"].isspace():
            if items and items[-1]["text"] != " ":
                items.append({**ch, "text": " "})
            continue
        glyphs = [item for item in items[-2:] if item["text"] != "\u200c"]
        if items and items[-1]["text"] != " " and glyphs:
            prev = glyphs[-1]
            size = min(ch.get("size") or 10, prev.get("size") or 10)
            if ch["x0"] - prev["x1"] > 0.18 * size:
                items.append({**prev, "text": " ", "x0": prev["x1"], "x1": ch["x0"]})
            elif (
                prev["text"] == "ل"
                and ch["text"] == "ا"
                and ch["x0"] < prev["x0"] + 0.5 * (prev["x1"] - prev["x0"])
            ):
                prev["text"] = "لا"  # two characters drawn over one ligature glyph
                prev["x1"] = max(prev["x1"], ch["x1"])
                continue
            elif (
                prev["text"] == "ا"
                and ch["text"] == "ل"
                and ch["x0"] < prev["x0"] + 0.5 * (prev["x1"] - prev["x0"])
            ):
                prev["text"] = "لا"
                prev["x1"] = max(prev["x1"], ch["x1"])
                continue
        items.append(ch)
    while items and items[-1]["text"] == " ":
        items.pop()
    return items


def _logical(items: list[dict], rtl: bool) -> list[dict]:
    """Visual left-to-right items → reading order.

    In a right-to-left line the items are reversed, except runs that the bidi algorithm lays out left to
    right: numbers (with their separators «/ . : -» and «٪»), and Latin words with the spaces between them.
    In a left-to-right line only the runs of right-to-left letters are reversed.
    """
    kinds = [bidi_class(item["text"]) for item in items]
    n = len(items)
    if not rtl:
        out: list[dict] = []
        i = 0
        while i < n:
            if kinds[i] == "R":
                j = i
                while j + 1 < n and (
                    kinds[j + 1] == "R" or (kinds[j + 1] in "WO" and j + 2 < n and kinds[j + 2] == "R")
                ):
                    j += 1
                out.extend(reversed(items[i : j + 1]))
                i = j + 1
            else:
                out.append(items[i])
                i += 1
        return out
    segments: list[list[dict]] = []
    i = 0
    while i < n:
        if kinds[i] in "LN" or (kinds[i] == "T" and i + 1 < n and kinds[i + 1] == "N"):
            j = i
            while j + 1 < n:
                k = kinds[j + 1]
                if k in "LN":
                    j += 1
                elif k == "T" and (kinds[j] == "N" or (j + 2 < n and kinds[j + 2] == "N")):
                    j += 1
                elif k == "S" and j + 2 < n and kinds[j + 2] in "LN" and kinds[j] in "LN":
                    j += 1
                elif k in "WO" and kinds[j] == "L":
                    nxt = j + 1
                    while nxt < n and kinds[nxt] in "WO":
                        nxt += 1
                    if nxt < n and kinds[nxt] in "LN":
                        j = nxt - 1
                    else:
                        break
                else:
                    break
            segments.append(items[i : j + 1])
            i = j + 1
        else:
            segments.append([items[i]])
            i += 1
    return [item for segment in reversed(segments) for item in segment]


_SWAP = str.maketrans("()[]{}«»", ")(][}{»«")


_MISPLACED = re.compile(r"[(\[{«](?:\s|$)|(?:^|\s)[)\]}»]")


def _misplaced(text: str) -> int:
    """Brackets facing the wrong way: an opening one before a space, a closing one after a space."""
    return len(_MISPLACED.findall(text))


def _fix_mirrored(text: str) -> str:
    """Some producers give the mirrored glyph's character: «)حاشیه(» is read back as «(حاشیه)»."""
    if not _MISPLACED.search(text):
        return text
    swapped = text.translate(_SWAP)
    return swapped if _misplaced(swapped) < _misplaced(text) else text


def _make_line(chars: list[dict]) -> PdfLine | None:
    items = _visual_items(chars)
    if not items:
        return None
    strong = [bidi_class(item["text"]) for item in items]
    rtl = strong.count("R") > 0 and strong.count("R") >= strong.count("L")
    if rtl:
        _repair_ligatures(items)
    ordered = _logical(items, rtl)
    text = _fix_mirrored(re.sub(r" {2,}", " ", "".join(item["text"] for item in ordered)).strip())
    if not text:
        return None
    # Width of the first word in reading order: the rightmost word of a right-to-left line.
    edge = list(reversed(items)) if rtl else items
    word = []
    for item in edge:
        if item["text"] == " ":
            break
        word.append(item)
    first_word = (max(i["x1"] for i in word) - min(i["x0"] for i in word)) if word else 0.0
    sizes = [item.get("size") or (item["bottom"] - item["top"]) for item in items if item["text"] != " "]
    return PdfLine(
        text=text,
        x0=min(item["x0"] for item in items),
        x1=max(item["x1"] for item in items),
        top=min(item["top"] for item in items),
        bottom=max(item["bottom"] for item in items),
        size=statistics.median(sizes) if sizes else 10.0,
        rtl=rtl,
        first_word=first_word,
    )


def chars_to_lines(chars: list[dict]) -> list[PdfLine]:
    return [line for group in _group_lines(chars) if (line := _make_line(group))]
