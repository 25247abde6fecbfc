"""A meeting's paperwork, generated from what was recorded: the minutes (صورت‌جلسه, `minutes.py`) and a
notification letter (ابلاغیه, `notices.py`) to each responsible organisation, each as Word (python-docx,
`hamafza.lib.word`) and as PDF (WeasyPrint, `hamafza.reports.pdf.template_pdf`), in the body's
letterhead (`letterhead.py`)."""
