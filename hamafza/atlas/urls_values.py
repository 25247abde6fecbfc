"""Routes of indicator value entry by agencies, included by hamafza/atlas/urls.py (namespace "atlas")."""

from django.urls import path

from hamafza.atlas import views_denominators
from hamafza.atlas import views_values as views

urlpatterns = [
    path("values/", views.values_index, name="values"),
    path("values/<int:pk>/", views.values_entry, name="values_entry"),
    path("values/<int:pk>/upload/", views.values_upload, name="values_upload"),
    path("values/<int:pk>/upload/confirm/", views.values_upload_confirm, name="values_upload_confirm"),
    path("values/<int:pk>/template.xlsx", views.values_template, name="values_template"),
    path("denominators/", views_denominators.denominators_upload, name="denominators_upload"),
    path("denominators/confirm/", views_denominators.denominators_confirm, name="denominators_confirm"),
    path(
        "denominators/template.xlsx", views_denominators.denominators_template, name="denominators_template"
    ),
]
