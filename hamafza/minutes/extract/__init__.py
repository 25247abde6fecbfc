"""`extract(source) -> MinutesDraft`: the meeting and its resolutions, read from the text of its minutes.

The text comes as it was pasted, or from `hamafza.minutes.readers` for Word and PDF files (one paragraph
per line, a table row per line with its cells separated by tabs). Resolutions are looked for, in order:
in a table with a resolution column; in a table pasted without its tabs (numbers on their own lines);
in a list under a heading such as «مصوبات»; in a numbered list of decisions; and last, in the prose of a
news report, after «مقرر شد». Lines that came out of a PDF in visual order are put back first.
"""

from hamafza.minutes.extract.finish import tidy_name, tidy_text
from hamafza.minutes.extract.pasted import ORG_WORDS
from hamafza.minutes.extract.pipeline import MAX_TEXT, extract, extract_text, read_source

__all__ = ["MAX_TEXT", "ORG_WORDS", "extract", "extract_text", "read_source", "tidy_name", "tidy_text"]
