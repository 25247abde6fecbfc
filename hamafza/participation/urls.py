"""Participation pages under /participation/: one URL module per sub-domain, one namespace."""

from django.urls import include, path

from hamafza.participation import views

app_name = "participation"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("", include("hamafza.participation.urls_registry")),
    path("", include("hamafza.participation.urls_capacity")),
    path("", include("hamafza.participation.urls_needs")),
    path("", include("hamafza.participation.urls_matching")),
    path("", include("hamafza.participation.urls_public")),
]
