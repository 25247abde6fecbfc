"""Participation URLs: pledges, the donor's papers and the totals (included by urls_needs)."""

from django.urls import path

from hamafza.participation import views_pledges as views

urlpatterns = [
    path("pledges/", views.pledge_list, name="pledge_list"),
    path("pledges/new/", views.pledge_create, name="pledge_create"),
    path("pledges/totals/", views.pledge_totals, name="totals"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge_detail"),
    path("pledges/<int:pk>/accept/", views.pledge_accept, name="pledge_accept"),
    path("pledges/<int:pk>/decline/", views.pledge_decline, name="pledge_decline"),
    path("pledges/<int:pk>/link/", views.pledge_link, name="pledge_link"),
    path("pledges/<int:pk>/cancel/", views.pledge_cancel, name="pledge_cancel"),
    path("pledges/<int:pk>/deliver/", views.pledge_deliver, name="pledge_deliver"),
    path("pledges/<int:pk>/verify/", views.pledge_verify, name="pledge_verify"),
    path("pledges/<int:pk>/reject/", views.pledge_reject, name="pledge_reject"),
    path("pledges/<int:pk>/receipt.pdf", views.pledge_receipt, name="pledge_receipt"),
    path("pledges/<int:pk>/certificate.pdf", views.pledge_certificate, name="pledge_certificate"),
    path("pledges/evidence/<int:pk>/", views.pledge_evidence, name="pledge_evidence"),
]
