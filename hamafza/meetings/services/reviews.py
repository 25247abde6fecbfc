"""The secretariat's review queue: progress reports awaiting its decision, oldest first (issue 10)."""

from django.db.models import QuerySet

from hamafza.meetings.models import Assignment, ProgressReport, Resolution


def awaiting_review(body_ids) -> QuerySet[ProgressReport]:
    """Reports awaiting a decision in the given bodies: each the latest report of its assignment (an
    assignment whose report is under review), on an open resolution; the oldest submitted first."""
    return (
        ProgressReport.objects.filter(
            status=ProgressReport.Status.SUBMITTED,
            assignment__status=Assignment.Status.SUBMITTED,
            assignment__resolution__status=Resolution.Status.OPEN,
            assignment__resolution__body_id__in=body_ids,
        )
        .select_related(
            "assignment__organization",
            "assignment__resolution__meeting",
            "assignment__resolution__body",
            "submitted_by",
        )
        .order_by("submitted_at", "pk")
    )
