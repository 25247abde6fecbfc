"""Participation URLs: matching donors and pledges to needs."""

from django.urls import path

from hamafza.participation import views_matching as views

urlpatterns = [
    path("needs/<int:pk>/donors/", views.need_donors, name="need_donors"),
    path("matching/", views.matching_home, name="matching"),
    path("matching/<int:pk>/", views.proposal_detail, name="proposal"),
    path("matching/<int:pk>/confirm-all/", views.proposal_confirm_all, name="proposal_confirm_all"),
    path("matching/<int:pk>/close/", views.proposal_close, name="proposal_close"),
    path("matching/lines/<int:pk>/confirm/", views.line_confirm, name="line_confirm"),
    path("matching/lines/<int:pk>/reject/", views.line_reject, name="line_reject"),
]
