"""The words of the follow-up report, shared by the PDF, the Excel workbook and the form page.

They carry a context of their own ("follow-up report") and live in this app's catalogue
(hamafza/reports/locale), so the report's wording, which its readers and the tests rely on, does not
change with the site's other uses of the same English words.
"""

from django.utils.translation import pgettext_lazy

RESOLUTION_STATES = {
    "overdue": pgettext_lazy("follow-up report", "Overdue"),
    "in_progress": pgettext_lazy("follow-up report", "In progress"),
    "not_started": pgettext_lazy("follow-up report", "Not started"),
    "done": pgettext_lazy("follow-up report", "Done"),
    "cancelled": pgettext_lazy("follow-up report", "Cancelled"),
}

# Assignment.follow_up_state values.
ASSIGNMENT_STATES = {
    "done": pgettext_lazy("follow-up report", "Done"),
    "closed": pgettext_lazy("follow-up report", "Closed with the resolution"),
    "overdue": pgettext_lazy("follow-up report", "Overdue"),
    "due_soon": pgettext_lazy("follow-up report", "Due soon"),
    "in_review": pgettext_lazy("follow-up report", "Under review"),
    "returned": pgettext_lazy("follow-up report", "Returned"),
    "open": pgettext_lazy("follow-up report", "Awaiting report"),
}

# ProgressReport.Status values: the secretariat's review of the latest report.
REVIEW_STATES = {
    "submitted": pgettext_lazy("follow-up report", "Awaiting review"),
    "accepted": pgettext_lazy("follow-up report", "Accepted"),
    "returned": pgettext_lazy("follow-up report", "Returned"),
}

TEXT = {
    "title": pgettext_lazy("follow-up report", "Follow-up report of resolutions"),
    "period": pgettext_lazy("follow-up report", "Period"),
    "from": pgettext_lazy("follow-up report", "from"),
    "to": pgettext_lazy("follow-up report", "to"),
    "generated": pgettext_lazy("follow-up report", "Generated on"),
    "states_note": pgettext_lazy("follow-up report", "States are as of the day the report was generated."),
    "summary": pgettext_lazy("follow-up report", "Summary"),
    "state": pgettext_lazy("follow-up report", "State"),
    "count": pgettext_lazy("follow-up report", "Count"),
    "total": pgettext_lazy("follow-up report", "Total"),
    "resolutions": pgettext_lazy("follow-up report", "Resolutions"),
    "cancelled_resolutions": pgettext_lazy("follow-up report", "Cancelled resolutions"),
    "organizations": pgettext_lazy("follow-up report", "Organisations"),
    "row": pgettext_lazy("follow-up report", "No."),
    "meeting": pgettext_lazy("follow-up report", "Session"),
    "meeting_date": pgettext_lazy("follow-up report", "Session date"),
    "meeting_date_real": pgettext_lazy("follow-up report", "Session date (Gregorian)"),
    "number": pgettext_lazy("follow-up report", "Resolution no."),
    "text": pgettext_lazy("follow-up report", "Resolution text"),
    "days_late": pgettext_lazy("follow-up report", "Days late"),
    "organization": pgettext_lazy("follow-up report", "Organisation"),
    "role": pgettext_lazy("follow-up report", "Role"),
    "due": pgettext_lazy("follow-up report", "Due"),
    "org_state": pgettext_lazy("follow-up report", "Organisation's state"),
    "percent": pgettext_lazy("follow-up report", "Progress"),
    "report_date": pgettext_lazy("follow-up report", "Report date"),
    "review": pgettext_lazy("follow-up report", "Review"),
    "narrative": pgettext_lazy("follow-up report", "Latest report"),
    "responsibles": pgettext_lazy("follow-up report", "Responsible organisations and their latest reports"),
    "no_report": pgettext_lazy("follow-up report", "No report yet"),
    "before_period": pgettext_lazy("follow-up report", "before the period"),
    "cancel_reason": pgettext_lazy("follow-up report", "Reason for cancelling"),
    "assigned": pgettext_lazy("follow-up report", "Assigned"),
    "came_due": pgettext_lazy("follow-up report", "Came due"),
    "on_time": pgettext_lazy("follow-up report", "Done on time"),
    "rate": pgettext_lazy("follow-up report", "On-time rate"),
    "nothing": pgettext_lazy("follow-up report", "No resolutions up to the end of this period."),
    "page": pgettext_lazy("follow-up report", "Page"),
    "of": pgettext_lazy("follow-up report", "of"),
    "lead": pgettext_lazy("follow-up report", "Lead"),
    "supporting": pgettext_lazy("follow-up report", "Supporting"),
    "continuous": pgettext_lazy("follow-up report", "Continuous"),
    "body": pgettext_lazy("follow-up report", "Body"),
}

# Sheet names carry a context of their own: a workbook's readers look sheets up by these exact names.
SHEETS = {
    "summary": pgettext_lazy("report sheet", "Summary"),
    "resolutions": pgettext_lazy("report sheet", "Resolutions"),
    "organizations": pgettext_lazy("report sheet", "Organisations"),
}

# The form page (reports/followup_form.html).
PAGE = {
    "title": pgettext_lazy("follow-up report", "Follow-up report"),
    "intro": pgettext_lazy(
        "follow-up report",
        "Every resolution of the body up to the end of the period, with its state, the latest report of each "
        "responsible organisation and each organisation's on-time rate; overdue resolutions first.",
    ),
    "download": pgettext_lazy("follow-up report", "Download"),
    "job_title": pgettext_lazy("follow-up report", "Preparing the follow-up report"),
    "job_intro": pgettext_lazy(
        "follow-up report",
        "This report is large, so it is prepared in the background. You may leave this page and come back; "
        "the file stays here for you.",
    ),
    "job_ready": pgettext_lazy("follow-up report", "The report is ready."),
    "job_failed": pgettext_lazy(
        "follow-up report", "The report could not be prepared. Try again, or ask the administrator."
    ),
    "resolutions_count": pgettext_lazy("follow-up report", "Resolutions"),
    "format": pgettext_lazy("follow-up report", "Format"),
    "again": pgettext_lazy("follow-up report", "Another report"),
}
