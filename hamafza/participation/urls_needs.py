"""Participation URLs: needs (and, included at the end, pledges)."""

from django.urls import include, path

from hamafza.participation import views_needs as views

urlpatterns = [
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/approve/", views.need_approve, name="need_approve"),
    path("needs/<int:pk>/reject/", views.need_reject, name="need_reject"),
    path("needs/<int:pk>/withdraw/", views.need_withdraw, name="need_withdraw"),
    path("needs/<int:pk>/priority/", views.need_priority, name="need_priority"),
    path("needs/<int:pk>/met/", views.need_mark_met, name="need_mark_met"),
    path("needs/recompute/<int:pk>/", views.need_recompute, name="need_recompute"),
    path("", include("hamafza.participation.urls_pledges")),
]
