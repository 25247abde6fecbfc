"""Participation URLs: the registries (NGOs, their achievements and the calls for them, donors) and their
Excel imports."""

from django.urls import path

from hamafza.participation import views_achievements, views_calls, views_donors, views_imports, views_ngos

urlpatterns = [
    path("ngos/", views_ngos.ngo_list, name="ngo_list"),
    path("ngos/new/", views_ngos.ngo_create, name="ngo_create"),
    path("ngos/import/", views_imports.ngo_import, name="ngo_import"),
    path("ngos/import/template/", views_imports.ngo_import_template, name="ngo_import_template"),
    path("ngos/import/confirm/", views_imports.ngo_import_confirm, name="ngo_import_confirm"),
    path("ngos/<int:pk>/", views_ngos.ngo_detail, name="ngo_detail"),
    path("ngos/<int:pk>/edit/", views_ngos.ngo_edit, name="ngo_edit"),
    path("ngos/<int:pk>/contacts/add/", views_ngos.ngo_contact_add, name="ngo_contact_add"),
    path("contacts/<int:pk>/remove/", views_ngos.ngo_contact_remove, name="ngo_contact_remove"),
    path("achievements/", views_achievements.achievement_list, name="achievement_list"),
    path("achievements/new/", views_achievements.achievement_submit, name="achievement_submit"),
    path("achievements/<int:pk>/", views_achievements.achievement_detail, name="achievement_detail"),
    path("achievements/<int:pk>/review/", views_achievements.achievement_review, name="achievement_review"),
    path("achievements/<int:pk>/edit/", views_achievements.achievement_edit, name="achievement_edit"),
    path("achievements/files/<int:pk>/", views_achievements.achievement_file, name="achievement_file"),
    path("achievements/calls/", views_calls.achievement_calls, name="achievement_calls"),
    path("achievements/calls/new/", views_calls.achievement_call_create, name="achievement_call_create"),
    path("achievements/calls/<int:pk>/", views_calls.achievement_call, name="achievement_call"),
    path(
        "achievements/calls/<int:pk>/close/",
        views_calls.achievement_call_close,
        name="achievement_call_close",
    ),
    path("donors/", views_donors.donor_list, name="donor_list"),
    path("donors/new/", views_donors.donor_create, name="donor_create"),
    path("donors/import/", views_imports.donor_import, name="donor_import"),
    path("donors/import/template/", views_imports.donor_import_template, name="donor_import_template"),
    path("donors/import/confirm/", views_imports.donor_import_confirm, name="donor_import_confirm"),
    path("donors/<int:pk>/", views_donors.donor_detail, name="donor_detail"),
    path("donors/<int:pk>/edit/", views_donors.donor_edit, name="donor_edit"),
    path(
        "donors/<int:pk>/recognitions/add/",
        views_donors.donor_recognition_add,
        name="donor_recognition_add",
    ),
]
