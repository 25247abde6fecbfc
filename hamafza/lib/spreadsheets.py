"""Excel and CSV files written for people: a cell a user wrote never becomes a formula (OWASP's
"CSV injection"). Text beginning with =, +, -, @, a tab or a carriage return is neutralised:

- in a workbook the cell is kept as plain text, exactly as typed, and marked with Excel's quote prefix
  (openpyxl would otherwise store «=HYPERLINK(…)» as a live formula);
- in a CSV file, where there is no cell type, a single quote is put in front, as OWASP recommends.

Every export saves its workbook with `save_workbook` and writes its CSV with `csv_writer`;
tests/security/test_exports.py checks that no module does otherwise.
"""

import csv
import re
from typing import IO, Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain number («-12», «+3.5») is data, not a formula: it is left alone.
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?$")


def is_dangerous(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.match(value)


def csv_cell(value: Any) -> Any:
    """The value as it may go into a CSV file."""
    return "'" + value if is_dangerous(value) else value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)

    @property
    def dialect(self):
        return self._writer.dialect


def csv_writer(out: IO[str], *args, **kwargs) -> _SafeWriter:
    """`csv.writer` whose every cell is neutralised."""
    return _SafeWriter(csv.writer(out, *args, **kwargs))


def neutralise_workbook(workbook) -> int:
    """Turn every formula or formula-like text of the workbook into plain text; how many cells changed.
    The exports write no formula of their own, so any formula there came from what a user wrote."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or is_dangerous(value):
                    cell.value = str(value)
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed


def save_workbook(workbook, out) -> None:
    """Save a workbook for download, neutralised first."""
    neutralise_workbook(workbook)
    workbook.save(out)
