"""Participation URLs: the capacity inventory and the coverage matrix."""

from django.urls import path

from hamafza.participation import views_capacity as views

urlpatterns = [
    path("capacities/", views.capacity_list, name="capacity_list"),
    path("capacities/export/", views.capacity_export, name="capacity_export"),
    path("capacities/new/", views.capacity_add, name="capacity_add"),
    path("capacities/<int:pk>/edit/", views.capacity_edit, name="capacity_edit"),
    path("capacities/<int:pk>/remove/", views.capacity_remove, name="capacity_remove"),
    path("coverage/", views.coverage_matrix, name="coverage"),
    path("coverage/export/", views.coverage_export, name="coverage_export"),
]
