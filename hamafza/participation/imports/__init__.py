"""Excel imports of NGO lists and donor lists, with an answer per row.

`preview_ngos` / `preview_donors` read an .xlsx file (openpyxl, read-only) and check every row the way the
registry services do, without saving: a row is new (to import), already registered (matched by its
national or legal ID, or by its name and region: skipped, so importing a file again adds nothing) or
refused with its reasons. `import_ngos` / `import_donors` save the new rows through the services in one
transaction. Headers are found by their meaning, whatever the spelling (ی/ي, ZWNJ, spaces).

The package's modules: common (reading the sheet, cells, the preview, the template), ngos, donors.
Everything other code uses is importable from here.
"""

from collections.abc import Callable

from hamafza.participation.imports.common import (
    MAX_BYTES,
    MAX_ROWS,
    XLSX,
    Column,
    ImportRefused,
    Preview,
    Row,
    read_sheet,
    template_workbook,
)
from hamafza.participation.imports.donors import DONOR_COLUMNS, donor_template, import_donors, preview_donors
from hamafza.participation.imports.ngos import NGO_COLUMNS, import_ngos, ngo_template, preview_ngos

PREVIEWS: dict[str, Callable] = {"ngo": preview_ngos, "donor": preview_donors}

__all__ = [
    "DONOR_COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "NGO_COLUMNS",
    "PREVIEWS",
    "XLSX",
    "Column",
    "ImportRefused",
    "Preview",
    "Row",
    "donor_template",
    "import_donors",
    "import_ngos",
    "ngo_template",
    "preview_donors",
    "preview_ngos",
    "read_sheet",
    "template_workbook",
]
