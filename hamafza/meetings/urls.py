"""The follow-up pages under /, namespace "meetings": bodies, meetings, resolutions, the follow-up of
assignments and progress reports, the import of minutes, and search."""

from django.urls import path

from hamafza.meetings.views import (
    assignment_batches,
    bodies,
    followup,
    imports,
    meetings,
    papers,
    resolution_tables,
    resolutions,
    reviews,
    search,
)

app_name = "meetings"

urlpatterns = [
    # Bodies: the list, a body's dashboard and its resolutions
    path("bodies/", bodies.body_list, name="bodies"),
    path("bodies/<int:pk>/", bodies.body_dashboard, name="body"),
    path("bodies/<int:pk>/resolutions/", bodies.body_resolutions, name="body_resolutions"),
    # Meetings
    path("bodies/<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", meetings.minutes_file, name="minutes_file"),
    # A meeting's paperwork: its minutes and each responsible organisation's notification letter
    path("meetings/<int:pk>/minutes.<str:fmt>", papers.minutes_document, name="minutes_document"),
    path(
        "meetings/<int:pk>/notices/<int:organization>.<str:fmt>",
        papers.notice_document,
        name="notice_document",
    ),
    # Imports of minutes: upload or paste, review beside the source, confirm
    path("bodies/<int:pk>/import/", imports.import_start, name="import_start"),
    path("imports/<int:pk>/", imports.import_review, name="import_review"),
    path("imports/<int:pk>/source/", imports.import_source, name="import_source"),
    # Resolutions
    path("meetings/<int:pk>/resolutions/new/", resolutions.resolution_create, name="resolution_create"),
    path("meetings/<int:pk>/resolutions/paste/", resolution_tables.resolution_paste, name="resolution_paste"),
    path("resolutions/<int:pk>/", resolutions.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/edit/", resolutions.resolution_edit, name="resolution_edit"),
    path("resolutions/<int:pk>/cancel/", resolutions.resolution_cancel, name="resolution_cancel"),
    path("resolutions/<int:pk>/history/", resolutions.resolution_history, name="resolution_history"),
    # Follow-up: assignments, progress reports and their review, evidence, an organisation's dashboard
    path("resolutions/<int:pk>/assignments/new/", followup.assignment_add, name="assignment_add"),
    path(
        "meetings/<int:pk>/assignments/", assignment_batches.meeting_assignments, name="meeting_assignments"
    ),
    path("assignments/<int:pk>/", followup.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/edit/", followup.assignment_edit, name="assignment_edit"),
    path("reports/<int:pk>/", followup.report_detail, name="report"),
    path("reports/<int:pk>/review/", followup.report_review, name="report_review"),
    path("evidence/<int:pk>/", followup.evidence_download, name="evidence"),
    path("organizations/<int:pk>/dashboard/", followup.organization_dashboard, name="organization"),
    # Search
    path("reviews/", reviews.review_queue, name="review_queue"),
    path("search/", search.search, name="search"),
]
