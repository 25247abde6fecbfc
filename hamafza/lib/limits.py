"""How much a free-text field takes, in characters (issue 10, defect 4).

One resolution of 225,000 characters made the periodic report run for twenty minutes. Every free-text
field has a bound, generous for real use: the longest resolution of the real minutes corpus is under
3,000 characters, and a full page of minutes about 4,000.
"""

LONG_TEXT = 20_000  # a resolution's text, a progress report, a programme, an agenda, a review
NOTE = 4_000  # a note, a comment, a reason, a description, an address
LIST = 10_000  # one entry per line: attendees
LINE = 500  # a one-line entry such as a list of topics
PASTED_MINUTES = 300_000  # the whole text of minutes pasted for import (read, never shown as one field)
