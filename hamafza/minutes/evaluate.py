"""Score extraction against gold files: `python -m hamafza.minutes.evaluate DIR [DIR...]`.

A folder holds `NN.txt`, `NN.docx` or `NN.pdf`, each with its gold `NN.json` (the format of
`shared/minutes-dev/`). A predicted resolution matches an expected one with the same number whose text
has a token F1 of at least 0.8 after normalisation. Printed: per document and overall resolution
precision, recall and F1; the F1 of responsible organisations over matched resolutions; the share of
documents whose meeting date is right; and documents per second.
"""

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hamafza.lib.persian import ZWNJ, normalize, to_ascii_digits

SOURCE_SUFFIXES = (".txt", ".docx", ".pdf")
MATCH_F1 = 0.8

_PUNCT = re.compile(r"[^\w\s]|_")


def tokens(text: str) -> Counter:
    """The words of a text for comparison: normalised spelling, no ZWNJ, ASCII digits, no punctuation."""
    text = to_ascii_digits(normalize(text or "")).replace(ZWNJ, "")
    return Counter(_PUNCT.sub(" ", text).split())


def token_f1(a: str, b: str) -> float:
    ta, tb = tokens(a), tokens(b)
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    precision, recall = common / sum(ta.values()), common / sum(tb.values())
    return 2 * precision * recall / (precision + recall)


def name_key(name: str) -> str:
    return " ".join(_PUNCT.sub(" ", to_ascii_digits(normalize(name)).replace(ZWNJ, "")).split())


def number_key(item: dict) -> str:
    """«3» or «3-1», from "number" (int or «3-1» as written) and an optional "sub_number"."""
    number = to_ascii_digits(str(item.get("number", ""))).strip()
    parts = [p for p in re.split(r"\s*[-.\/]\s*", number) if p]
    sub = item.get("sub_number")
    if sub not in (None, "") and len(parts) == 1:  # «3-1» written whole already holds its sub-number
        parts += [p for p in re.split(r"\s*[-.\/]\s*", to_ascii_digits(str(sub))) if p]
    return "-".join(str(int(p)) if p.isdigit() else p for p in parts)


@dataclass
class DocScore:
    name: str
    expected: int = 0
    predicted: int = 0
    matched: int = 0
    resp_tp: int = 0
    resp_fp: int = 0
    resp_fn: int = 0
    date_right: bool = False
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def resp_f1(self) -> float:
        return _f1(self.resp_tp, self.resp_fp, self.resp_fn)


def _f1(tp: int, fp: int, fn: int) -> float:
    if tp + fp + fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


def score_document(name: str, predicted: dict, gold: dict) -> DocScore:
    score = DocScore(name=name)
    expected = gold.get("resolutions") or []
    found = predicted.get("resolutions") or []
    score.expected, score.predicted = len(expected), len(found)
    used: set[int] = set()
    for exp in expected:
        key = number_key(exp)
        best, best_f1 = None, 0.0
        for i, pred in enumerate(found):
            if i in used or number_key(pred) != key:
                continue
            f1 = token_f1(pred.get("text", ""), exp.get("text", ""))
            if f1 > best_f1:
                best, best_f1 = i, f1
        if best is None or best_f1 < MATCH_F1:
            score.misses.append(f"{key}: {exp.get('text', '')[:60]} (F1 {best_f1:.2f})")
            continue
        used.add(best)
        score.matched += 1
        want = {name_key(n) for n in exp.get("responsible") or [] if name_key(n)}
        got = {name_key(n) for n in found[best].get("responsible") or [] if name_key(n)}
        score.resp_tp += len(want & got)
        score.resp_fp += len(got - want)
        score.resp_fn += len(want - got)
        if want != got:
            score.misses.append(f"{key}: responsible {sorted(got)} ≠ {sorted(want)}")
    score.date_right = (predicted.get("meeting_date") or None) == (gold.get("meeting_date") or None)
    if not score.date_right:
        score.misses.append(f"date {predicted.get('meeting_date')} ≠ {gold.get('meeting_date')}")
    return score


def documents(folder: Path, names: list[str] | None = None) -> list[tuple[Path, Path]]:
    pairs = []
    for gold in sorted(folder.glob("*.json")):
        if gold.stem == "split" or (names is not None and gold.stem not in names):
            continue
        for suffix in SOURCE_SUFFIXES:
            source = gold.with_suffix(suffix)
            if source.exists():
                pairs.append((source, gold))
                break
    return pairs


@dataclass
class Corpus:
    """The documents scored together: a folder, or one split of a folder that has a `split.json`."""

    name: str
    folder: Path
    pairs: list[tuple[Path, Path]]
    split: str | None = None


def corpora(folders: list[Path], only_split: str | None = None) -> list[Corpus]:
    """Each folder as one corpus; a folder with a `split.json` as one corpus per split (dev, test)."""
    out = []
    for folder in folders:
        split_file = folder / "split.json"
        if split_file.exists():
            split = json.loads(split_file.read_text(encoding="utf-8"))
            for part in ("dev", "test"):
                if only_split and part != only_split:
                    continue
                names = list(split.get(part) or [])
                out.append(Corpus(f"{folder.name} ({part})", folder, documents(folder, names), part))
        else:
            out.append(Corpus(folder.name, folder, documents(folder)))
    return out


@dataclass
class Report:
    documents: list[DocScore]
    seconds: float
    name: str = ""

    def totals(self) -> dict:
        docs = self.documents
        expected = sum(d.expected for d in docs)
        predicted = sum(d.predicted for d in docs)
        matched = sum(d.matched for d in docs)
        p = matched / predicted if predicted else (1.0 if not expected else 0.0)
        r = matched / expected if expected else (1.0 if not predicted else 0.0)
        return {
            "documents": len(docs),
            "expected": expected,
            "predicted": predicted,
            "matched": matched,
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "responsible_f1": _f1(
                sum(d.resp_tp for d in docs), sum(d.resp_fp for d in docs), sum(d.resp_fn for d in docs)
            ),
            "date_accuracy": sum(d.date_right for d in docs) / len(docs) if docs else 0.0,
            "documents_per_second": len(docs) / self.seconds if self.seconds else 0.0,
        }


def _score_pairs(pairs: list[tuple[Path, Path]]) -> tuple[list[DocScore], float]:
    from hamafza.minutes import extract

    scores = []
    total = 0.0
    for source, gold_path in pairs:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        started = time.perf_counter()
        try:
            predicted = extract(source).to_json()
        except Exception as error:  # a document that cannot be read scores nothing, and says why
            predicted = {
                "resolutions": [],
                "meeting_date": None,
                "error": f"{type(error).__name__}: {error}",
            }
        elapsed = time.perf_counter() - started
        total += elapsed
        score = score_document(f"{source.parent.name}/{source.name}", predicted, gold)
        score.seconds = elapsed
        if "error" in predicted:
            score.misses.insert(0, predicted["error"])
        scores.append(score)
    return scores, total


def _load_words() -> None:
    from hamafza.minutes import lexicon

    lexicon.is_prefix("آ")  # the word list loads once per process, before the clock starts


def evaluate(folders: list[Path]) -> Report:
    """All the documents of the folders (every split) scored together."""
    _load_words()
    scores: list[DocScore] = []
    total = 0.0
    for folder in folders:
        got, seconds = _score_pairs(documents(folder))
        scores += got
        total += seconds
    return Report(scores, total)


def evaluate_corpora(folders: list[Path], only_split: str | None = None) -> list[Report]:
    """One report per corpus: per folder, and per split of a folder that has a `split.json`."""
    _load_words()
    reports = []
    for corpus in corpora(folders, only_split):
        scores, seconds = _score_pairs(corpus.pairs)
        reports.append(Report(scores, seconds, corpus.name))
    return reports


def _print_documents(report: Report, verbose: bool) -> None:
    print(f"{'document':<32} {'exp':>4} {'pred':>4} {'P':>6} {'R':>6} {'F1':>6} {'respF1':>7} {'date':>5}")
    for d in report.documents:
        print(
            f"{d.name:<32} {d.expected:>4} {d.predicted:>4} {d.precision:>6.3f} {d.recall:>6.3f} {d.f1:>6.3f} "
            f"{d.resp_f1:>7.3f} {'ok' if d.date_right else 'WRONG':>5}"
        )
        if verbose:
            for miss in d.misses:
                print(f"    - {miss}")


def _print_totals(totals: dict) -> None:
    print(
        f"overall: {totals['documents']} documents, {totals['expected']} expected, {totals['predicted']} predicted, "
        f"{totals['matched']} matched\n"
        f"resolutions: precision {totals['precision']:.3f}  recall {totals['recall']:.3f}  F1 {totals['f1']:.3f}\n"
        f"responsible F1 {totals['responsible_f1']:.3f}   date accuracy {totals['date_accuracy']:.3f}   "
        f"{totals['documents_per_second']:.0f} documents/second"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hamafza.minutes.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("folders", nargs="+", type=Path, help="folders of NN.txt/NN.docx/NN.pdf with NN.json")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list what did not match")
    parser.add_argument(
        "--split", choices=("dev", "test"), help="only this split of a folder with split.json"
    )
    parser.add_argument(
        "--overall", action="store_true", help="the figures per corpus only, not per document"
    )
    args = parser.parse_args(argv)
    missing = [f for f in args.folders if not f.is_dir()]
    if missing:
        print(f"not a folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    reports = evaluate_corpora(args.folders, args.split)
    everything = Report([d for r in reports for d in r.documents], sum(r.seconds for r in reports))
    if args.json:
        print(
            json.dumps(
                {
                    "totals": everything.totals(),
                    "documents": [_doc_json(d) for d in everything.documents],
                    "corpora": [
                        {
                            "corpus": r.name,
                            "totals": r.totals(),
                            "documents": [_doc_json(d) for d in r.documents],
                        }
                        for r in reports
                    ],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    for k, report in enumerate(reports):
        if len(reports) > 1:
            print(f"{'' if k == 0 else chr(10)}== {report.name}")
        if not args.overall:
            _print_documents(report, args.verbose)
            print()
        _print_totals(report.totals())
    if len(reports) > 1:
        print(
            f"\n{'corpus':<24} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6} {'respF1':>7} {'date':>6} {'docs/s':>7}"
        )
        for report in reports:
            t = report.totals()
            print(
                f"{report.name:<24} {t['documents']:>5} {t['precision']:>6.3f} {t['recall']:>6.3f} {t['f1']:>6.3f} "
                f"{t['responsible_f1']:>7.3f} {t['date_accuracy']:>6.3f} {t['documents_per_second']:>7.0f}"
            )
    return 0


def _doc_json(d: DocScore) -> dict:
    return {
        "document": d.name,
        "expected": d.expected,
        "predicted": d.predicted,
        "matched": d.matched,
        "precision": d.precision,
        "recall": d.recall,
        "f1": d.f1,
        "responsible_f1": d.resp_f1,
        "date_right": d.date_right,
        "misses": d.misses,
    }


if __name__ == "__main__":
    sys.exit(main())
