"""Check every gold file of the real corpus: `python tests/data/minutes-real/check.py [NNN ...]`.

Each NNN.json must load, carry its source address, valid dates, unique item numbers and responsible
lists, and every resolution text must be an exact substring of its document's text (NNN.txt, or the
text the reader gives for NNN.docx / NNN.pdf). Exits non-zero and lists the problems otherwise.
"""

import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REQUIRED = ("source", "meeting_date", "jalali_date", "body", "session_number", "resolutions", "notes")


def source_text(stem: str) -> str | None:
    txt = HERE / f"{stem}.txt"
    if txt.exists():
        return txt.read_text(encoding="utf-8")
    for suffix in (".docx", ".pdf"):
        path = HERE / f"{stem}{suffix}"
        if path.exists():
            from hamafza.minutes.readers import read  # only for Word and PDF originals

            return read(path.read_bytes(), path.name)
    return None


def _date(value, problems: list[str], what: str) -> None:
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"{what} is not an ISO date: {value!r}")


def check(stem: str) -> list[str]:
    problems: list[str] = []
    try:
        gold = json.loads((HERE / f"{stem}.json").read_text(encoding="utf-8"))
    except ValueError as error:
        return [f"does not load: {error}"]
    for key in REQUIRED:
        if key not in gold:
            problems.append(f"no {key!r}")
    if not str(gold.get("source", "")).strip():
        problems.append("no source address")
    _date(gold.get("meeting_date"), problems, "meeting_date")
    jalali = gold.get("jalali_date")
    if jalali is not None and (len(jalali) != 10 or not jalali[:4].isdigit()):
        problems.append(f"jalali_date is not YYYY-MM-DD: {jalali!r}")
    if (jalali is None) != (gold.get("meeting_date") is None):
        problems.append("meeting_date and jalali_date must both be given or both be null")
    try:
        text = source_text(stem)
    except Exception as error:  # an original the reader refuses must be listed, not stop the check
        return problems + [f"source document cannot be read: {error}"]
    if text is None:
        return problems + ["no source document (.txt, .docx or .pdf)"]
    seen = set()
    for i, item in enumerate(gold.get("resolutions") or [], 1):
        key = (str(item.get("number")), str(item.get("sub_number")))
        if key in seen:
            problems.append(f"item {i}: number {key} repeated")
        seen.add(key)
        if not item.get("text"):
            problems.append(f"item {i}: empty text")
        elif item["text"] not in text:
            problems.append(f"item {i}: text is not in the source: {item['text'][:50]}…")
        if not isinstance(item.get("responsible"), list):
            problems.append(f"item {i}: responsible must be a list")
        _date(item.get("deadline"), problems, f"item {i} deadline")
    return problems


def main(stems: list[str]) -> int:
    stems = stems or sorted(p.stem for p in HERE.glob("*.json") if p.stem != "split")
    bad = 0
    for stem in stems:
        problems = check(stem)
        if problems:
            bad += 1
            print(f"{stem}:")
            for problem in problems:
                print(f"  {problem}")
    print(f"{len(stems)} gold files, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
