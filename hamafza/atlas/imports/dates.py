"""Dates as typed in an incident file → days and Jalali months, column by column (numpy, polars)."""

import datetime as dt
import functools

import jdatetime
import numpy as np
import polars as pl

from hamafza.atlas.imports.reasons import _CODE, OK

_DATE = r"^(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:[\sT].*)?$"

JALALI_FIRST_YEAR, JALALI_END_YEAR = 1300, 1500  # the lookup table covers 1300/01/01 … 1499/12/end
EPOCH = dt.date(1970, 1, 1)


@functools.cache
def jalali_month_starts() -> np.ndarray:
    """Days since 1970-01-01 of the first day of each Jalali month from 1300/01 to 1500/01 (inclusive)."""
    starts = [
        (jdatetime.date(year, month, 1).togregorian() - EPOCH).days
        for year in range(JALALI_FIRST_YEAR, JALALI_END_YEAR)
        for month in range(1, 13)
    ]
    starts.append((jdatetime.date(JALALI_END_YEAR, 1, 1).togregorian() - EPOCH).days)
    return np.asarray(starts, dtype=np.int64)


def convert_dates(texts: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dates as typed → (days since 1970-01-01, Jalali month YYYYMM, reason code 0 or 1–3 per value).

    Digits may be Persian, Arabic or ASCII; a year below 1700 is Jalali (two digits mean 13xx/14xx
    as in hamafza.lib.jalali), any other Gregorian. A time after the date is ignored.
    """
    parts = texts.str.extract_groups(_DATE)
    year = parts.struct.field("1").cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
    month = parts.struct.field("2").cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
    day = parts.struct.field("3").cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
    missing = texts.is_null().to_numpy()
    reason = np.where(missing, _CODE["missing_date"], OK).astype(np.int8)
    matched = year >= 0
    reason[~missing & ~matched] = _CODE["bad_date"]
    year = np.where(
        (year >= 0) & (year < 50), year + 1400, np.where((year >= 50) & (year < 100), year + 1300, year)
    )
    starts = jalali_month_starts()
    days = np.zeros(len(texts), dtype=np.int64)

    jalali = matched & (year < 1700)
    month_ok = (month >= 1) & (month <= 12)
    in_table = jalali & month_ok & (year >= JALALI_FIRST_YEAR) & (year < JALALI_END_YEAR)
    index = np.where(in_table, (year - JALALI_FIRST_YEAR) * 12 + month - 1, 0)
    length = starts[index + 1] - starts[index]
    valid_j = in_table & (day >= 1) & (day <= length)
    days = np.where(valid_j, starts[index] + day - 1, days)
    reason[jalali & ~month_ok] = _CODE["bad_date"]
    reason[jalali & month_ok & ~in_table] = _CODE["date_out_of_range"]
    reason[in_table & ~valid_j] = _CODE["bad_date"]

    gregorian = matched & (year >= 1700)
    g_ok = gregorian & month_ok & (year <= 9999)
    months_since = np.where(g_ok, (year - 1970) * 12 + month - 1, 0)
    first = months_since.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    after = (months_since + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    valid_g = g_ok & (day >= 1) & (day <= after - first)
    days = np.where(valid_g, first + day - 1, days)
    reason[gregorian & ~valid_g] = _CODE["bad_date"]
    # A Gregorian date outside the Jalali table cannot be given its month.
    out_of_table = valid_g & ((days < starts[0]) | (days >= starts[-1]))
    reason[out_of_table] = _CODE["date_out_of_range"]

    position = np.clip(np.searchsorted(starts, days, side="right") - 1, 0, len(starts) - 2)
    jalali_month = (JALALI_FIRST_YEAR + position // 12) * 100 + position % 12 + 1
    return days, jalali_month, reason
