"""`python -m bench.minutes [DIR...]`: how many text documents of minutes extraction reads per second.

Reads every `*.txt` of the folders (by default the development corpora in tests/data), then extracts
each of them in turn for a number of rounds on one core. The word list is loaded before timing (once
per process, about a third of a second); the memos that extraction keeps across documents are emptied
before every round, so each round pays for its own words as a fresh process would.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "tests" / "data" / "minutes-dev", ROOT / "tests" / "data" / "minutes"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.minutes", description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT_DIRS)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)

    from hamafza.minutes import extract, lexicon, repair
    from hamafza.minutes.extract import read_source

    files = sorted(p for folder in args.folders for p in folder.glob("*.txt"))
    if not files:
        print("no .txt documents found", file=sys.stderr)
        return 2
    texts = [read_source(p.read_bytes(), p.name) for p in files]
    started = time.perf_counter()
    lexicon.is_prefix("آ")  # loads the word list and its prefixes
    load = time.perf_counter() - started

    per_file = dict.fromkeys(files, 0.0)
    total = 0.0
    for _ in range(args.rounds):
        repair.repair_line.cache_clear()
        lexicon.word_costs().clear()
        lexicon.prefix_memo().clear()
        for path, text in zip(files, texts, strict=True):
            t0 = time.perf_counter()
            extract(text)
            elapsed = time.perf_counter() - t0
            per_file[path] += elapsed
            total += elapsed
    count = len(files) * args.rounds
    print(
        f"{len(files)} text documents × {args.rounds} rounds: {count / total:.0f} documents/second on one core"
    )
    print(f"mean {1000 * total / count:.2f} ms per document; word list loaded once in {1000 * load:.0f} ms")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak_mb:.0f} MB")
    print("slowest:")
    for path, seconds in sorted(per_file.items(), key=lambda item: -item[1])[:5]:
        print(
            f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {1000 * seconds / args.rounds:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
