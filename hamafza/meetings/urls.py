from django.urls import path

from hamafza.meetings import views, views_followup, views_import

app_name = "meetings"

urlpatterns = [
    path("bodies/", views.body_list, name="bodies"),
    path("bodies/<int:pk>/", views.body_dashboard, name="body"),
    path("bodies/<int:pk>/resolutions/", views.body_resolutions, name="body_resolutions"),
    path("bodies/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("bodies/<int:pk>/import/", views_import.import_start, name="import_start"),
    path("imports/<int:pk>/", views_import.import_review, name="import_review"),
    path("imports/<int:pk>/source/", views_import.import_source, name="import_source"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", views.minutes_file, name="minutes_file"),
    path("meetings/<int:pk>/resolutions/new/", views.resolution_create, name="resolution_create"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/edit/", views.resolution_edit, name="resolution_edit"),
    path("resolutions/<int:pk>/cancel/", views.resolution_cancel, name="resolution_cancel"),
    path("resolutions/<int:pk>/history/", views.resolution_history, name="resolution_history"),
    path("resolutions/<int:pk>/assignments/new/", views_followup.assignment_add, name="assignment_add"),
    path("assignments/<int:pk>/", views_followup.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/edit/", views_followup.assignment_edit, name="assignment_edit"),
    path("reports/<int:pk>/", views_followup.report_detail, name="report"),
    path("reports/<int:pk>/review/", views_followup.report_review, name="report_review"),
    path("evidence/<int:pk>/", views_followup.evidence_download, name="evidence"),
    path("organizations/<int:pk>/dashboard/", views_followup.organization_dashboard, name="organization"),
    path("search/", views.search, name="search"),
]
