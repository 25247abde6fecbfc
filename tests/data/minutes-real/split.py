"""Draw the development and test splits of the real corpus once, at random, with a fixed seed.

`python tests/data/minutes-real/split.py` writes split.json: a quarter of the documents (at least 20)
for the test split, the rest for development. Run once, when the corpus is gathered and before the
reader's output on it has been looked at; never re-drawn after the reader was tuned.
"""

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 1405


def main() -> None:
    names = sorted(p.stem for p in HERE.glob("*.json") if p.stem != "split")
    test_size = max(20, len(names) // 4)
    test = sorted(random.Random(SEED).sample(names, test_size))
    dev = [n for n in names if n not in test]
    (HERE / "split.json").write_text(
        json.dumps({"seed": SEED, "dev": dev, "test": test}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"{len(dev)} development, {len(test)} test")


if __name__ == "__main__":
    main()
