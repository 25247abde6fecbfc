"""Routes of the priority ranking, included by hamafza/atlas/urls.py (namespace "atlas")."""

from django.urls import path

from hamafza.atlas import views_ranking as views

urlpatterns = [
    path("ranking/", views.ranking_page, name="ranking"),
    path("ranking/pairs/", views.ranking_pairs, name="ranking_pairs"),
    path("ranking/export/", views.ranking_export, name="ranking_export"),
    path("ranking/save/", views.ranking_save, name="ranking_save"),
    path("assessments/", views.assessment_list, name="assessments"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/export/", views.assessment_export, name="assessment_export"),
    path("assessments/<int:pk>/targets/", views.assessment_targets, name="assessment_targets"),
]
