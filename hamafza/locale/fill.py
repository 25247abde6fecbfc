"""Fill the Persian catalogue from the dictionary of known translations.

After a fresh `manage.py makemessages -l fa`, run

    .venv/bin/python hamafza/locale/fill.py

The dictionary hamafza/locale/fa/translations.json is the master copy: the script writes its
translation into every entry of the .po whose msgid it knows (filling empty or fuzzy entries and
replacing ones that differ), keeps the header right (Language, Plural-Forms), checks that every
translation keeps the placeholders of its msgid, and prints the msgids still missing. Translate those
in the .po file and run `fill.py --update-json`, which first copies the .po's translations into the
dictionary (or add them to the JSON and run it plain); then compile.

translations.json maps msgid to msgstr; a msgid with a context is keyed "context\\u0004msgid" (as
gettext does); a plural entry's value is a list [singular, plural]. The script needs only the standard
library, so it runs wherever Django does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PO = HERE / "fa" / "LC_MESSAGES" / "django.po"
DEFAULT_JSON = HERE / "fa" / "translations.json"
CONTEXT_SEPARATOR = "\x04"
HEADER = {
    "Project-Id-Version": "Hamafza",
    "Last-Translator": "Hamafza",
    "Language-Team": "Persian",
    "Language": "fa",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}
FIRST_COMMENT = "# Persian translation of Hamafza's interface (see hamafza/locale/README.md)."
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfr]|%[sdf]|\{\{[^}]*\}\}|\{[a-z_0-9]*\}")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), body)


def quote(text: str) -> str:
    return (
        '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'
    )


@dataclass
class Entry:
    """One block of a .po file: its comment lines and its keywords, in the file's order."""

    comments: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    changed: bool = False

    @property
    def is_message(self) -> bool:
        return "msgid" in self.fields

    @property
    def key(self) -> str:
        context = self.fields.get("msgctxt")
        msgid = self.fields["msgid"]
        return f"{context}{CONTEXT_SEPARATOR}{msgid}" if context is not None else msgid

    @property
    def plural(self) -> bool:
        return "msgid_plural" in self.fields

    @property
    def fuzzy(self) -> bool:
        return any(line.startswith("#,") and "fuzzy" in line for line in self.comments)

    def unfuzzy(self) -> None:
        lines = []
        for line in self.comments:
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
                if not flags:
                    continue
                line = "#, " + ", ".join(flags)
            lines.append(line)
        # msgmerge's guess for a fuzzy entry leaves the old msgid behind in "#|" lines.
        self.comments = [line for line in lines if not line.startswith("#|")]

    def translations(self) -> list[str]:
        if self.plural:
            return [self.fields.get(f"msgstr[{i}]", "") for i in range(2)]
        return [self.fields.get("msgstr", "")]

    def set_translations(self, values: list[str]) -> None:
        if self.plural:
            for i, value in enumerate(values):
                name = f"msgstr[{i}]"
                self.fields[name] = value
                if name not in self.order:
                    self.order.append(name)
        else:
            self.fields["msgstr"] = values[0]

    def render(self) -> str:
        if not self.changed:
            return "\n".join(self.raw)
        lines = list(self.comments)
        for name in self.order:
            value = self.fields[name]
            if "\n" in value.rstrip("\n") or len(value) > 70:
                parts = re.findall(r"[^\n]*\n|[^\n]+$", value)
                lines.append(f"{name} " + '""')
                lines.extend(quote(part) for part in parts)
            else:
                lines.append(f"{name} {quote(value)}")
        return "\n".join(lines)


def parse(text: str) -> list[Entry]:
    entries = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        entry = Entry(raw=block.split("\n"))
        current = None
        for line in entry.raw:
            match = KEYWORD.match(line)
            if line.startswith("#"):
                entry.comments.append(line)
            elif match:
                current = match.group(1)
                entry.fields[current] = unquote(match.group(2))
                entry.order.append(current)
            elif line.startswith('"') and current:
                entry.fields[current] += unquote(line)
        if any(line.startswith("#~") for line in entry.raw):
            entry.fields.clear()  # obsolete entries are kept as they are
        entries.append(entry)
    return entries


def fix_header(entry: Entry, *, touched: bool) -> None:
    """Set the header's fields; the revision date changes only when a translation did."""
    wanted = dict(HEADER)
    if touched or "PO-Revision-Date: YEAR" in entry.fields["msgstr"]:
        wanted["PO-Revision-Date"] = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")
    lines = [line for line in entry.fields["msgstr"].split("\n") if line]
    seen = set()
    for i, line in enumerate(lines):
        name = line.split(":", 1)[0]
        if name in wanted:
            lines[i] = f"{name}: {wanted[name]}"
            seen.add(name)
    lines += [f"{name}: {value}" for name, value in wanted.items() if name not in seen]
    entry.fields["msgstr"] = "".join(line + "\n" for line in lines)
    entry.unfuzzy()
    entry.changed = True
    if not entry.comments or entry.comments[0] != FIRST_COMMENT:
        entry.comments = [FIRST_COMMENT] + [c for c in entry.comments if c.startswith("#,")]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def check(entry: Entry, values: list[str]) -> str | None:
    """Why a translation does not fit its msgid, or None when it fits."""
    sources = [entry.fields["msgid"], entry.fields.get("msgid_plural", entry.fields["msgid"])]
    if len(values) != (2 if entry.plural else 1):
        return "needs a list of two forms" if entry.plural else "is a list but the msgid has no plural"
    for source, value in zip(sources, values, strict=False):
        wanted = set(placeholders(source))
        if entry.plural and "%(count)s" not in source:
            wanted.discard("%(count)s")
        if set(placeholders(value)) != wanted:
            return f"placeholders differ: {placeholders(source)} vs {placeholders(value)}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("po", nargs="*", type=Path, default=[DEFAULT_PO])
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    parser.add_argument(
        "--update-json",
        action="store_true",
        help="first copy the .po's translations (new or edited, not fuzzy) into the JSON dictionary",
    )
    parser.add_argument("--prune", action="store_true", help="drop JSON entries no .po uses any more")
    args = parser.parse_args(argv)
    known = json.loads(args.json.read_text(encoding="utf-8")) if args.json.exists() else {}
    original = dict(known)
    missing, broken, used = [], {}, set()
    counts = {"filled": 0, "replaced": 0, "copied": 0}
    for po in args.po:
        entries = parse(po.read_text(encoding="utf-8"))
        touched = False
        for entry in entries:
            if not entry.is_message or entry.fields["msgid"] == "":
                continue
            used.add(entry.key)
            current = entry.translations()
            translated = all(current) and not entry.fuzzy
            as_json = current if entry.plural else current[0]
            if translated and args.update_json and known.get(entry.key) != as_json:
                known[entry.key] = as_json
                counts["copied"] += 1
            value = known.get(entry.key)
            if value is None:
                if not translated:
                    missing.append(entry.key)
                continue
            values = value if isinstance(value, list) else [value]
            if translated and values == current:
                continue
            problem = check(entry, values)
            if problem:
                broken[entry.key] = problem
                continue
            counts["replaced" if translated else "filled"] += 1
            entry.set_translations(values)
            entry.unfuzzy()
            entry.changed = touched = True
        for entry in entries:
            if entry.is_message and entry.fields["msgid"] == "":
                fix_header(entry, touched=touched)
            elif (
                entry.is_message and all(entry.translations()) and not entry.fuzzy and entry.key not in broken
            ):
                problem = check(entry, entry.translations())
                if problem:
                    broken[entry.key] = f"(in the .po) {problem}"
        po.write_text("\n\n".join(e.render() for e in entries) + "\n", encoding="utf-8")
    if args.prune:
        known = {key: value for key, value in known.items() if key in used}
    if known != original:
        text = json.dumps(dict(sorted(known.items())), ensure_ascii=False, indent=1)
        args.json.write_text(text + "\n", encoding="utf-8")
    print(
        ", ".join(f"{name} {n}" for name, n in counts.items()),
        f"missing {len(missing)}, broken {len(broken)}",
    )
    print(f"{len(known)} entries in {args.json.name}; {len(set(known) - used)} not used by these .po files")
    for key in missing:
        print("missing:", key.replace(CONTEXT_SEPARATOR, " | "))
    for key, problem in broken.items():
        print(f"broken: {key.replace(CONTEXT_SEPARATOR, ' | ')!r}: {problem}")
    return 1 if missing or broken else 0


if __name__ == "__main__":
    sys.exit(main())
