"""The natural keys of incident rows: signed 64-bit hashes of the file's id or of the row's values."""

import hashlib

import numpy as np
import polars as pl

_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SEED_ROW = np.uint64(0x68616D61667A6131)  # "hamafza1"
_SEED_ID = np.uint64(0x68616D61667A6149)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijection of uint64 that spreads every input bit."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * _C1
        x = (x ^ (x >> np.uint64(27))) * _C2
        return x ^ (x >> np.uint64(31))


def _combine(h: np.ndarray, value: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return _mix(h ^ (value.astype(np.uint64) + _GOLDEN + (h << np.uint64(6)) + (h >> np.uint64(2))))


def _float_bits(values: np.ndarray) -> np.ndarray:
    values = np.where(np.isnan(values), np.nan, values + 0.0)  # one NaN, and -0.0 → 0.0
    return values.astype(np.float64).view(np.uint64)


def _id_keys(ids: pl.Series) -> np.ndarray:
    """Keys from the file's id column: plain integers arithmetically, anything else through BLAKE2b."""
    as_int = ids.cast(pl.Int64, strict=False)
    plain = ids.str.contains(r"^(?:0|[1-9]\d{0,17})$").fill_null(False)
    keys = _combine(np.full(len(ids), _SEED_ID), as_int.fill_null(0).to_numpy())
    other = np.flatnonzero(~plain.to_numpy())
    if other.size:
        texts = ids.gather(other).to_list()
        keys[other] = np.fromiter(
            (
                int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
                for text in texts
            ),
            dtype=np.uint64,
            count=len(texts),
        )
    return keys


class Occurrences:
    """How many times each row tuple was seen earlier in the file, across chunks.

    A sorted array of the tuple hashes seen so far with their counts (12 bytes per distinct tuple), so a
    file of ten million rows needs about 120 MB here rather than a Python dict of ten million ints.
    """

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.uint64)
        self.counts = np.empty(0, dtype=np.uint32)

    def number(self, hashes: np.ndarray) -> np.ndarray:
        """The occurrence number (0, 1, 2, …) of each hash, in file order, and remember them."""
        order = np.argsort(hashes, kind="stable")
        unique, first, counts = np.unique(hashes[order], return_index=True, return_counts=True)
        position = np.searchsorted(self.keys, unique)
        before = np.zeros(len(unique), dtype=np.int64)
        known = np.zeros(len(unique), dtype=bool)
        if len(self.keys):
            clipped = np.minimum(position, len(self.keys) - 1)
            known = self.keys[clipped] == unique
            before[known] = self.counts[clipped[known]]
            self.counts[clipped[known]] += counts[known].astype(np.uint32)
        group = np.repeat(np.arange(len(unique)), counts)
        result = np.empty(len(hashes), dtype=np.int64)
        result[order] = np.arange(len(hashes)) - first[group] + before[group]
        self.keys = np.insert(self.keys, position[~known], unique[~known])
        self.counts = np.insert(self.counts, position[~known], counts[~known].astype(np.uint32))
        return result
