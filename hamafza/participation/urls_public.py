"""Participation URLs: the public page of approved open needs (no login) and visitors' offers."""

from django.urls import path

from hamafza.participation import views_public

urlpatterns = [
    path("public/", views_public.public, name="public"),
    path("public/needs/<int:pk>/", views_public.public_need, name="public_need"),
    path("public/needs/<int:pk>/offer/", views_public.public_offer, name="public_offer"),
    path("public/thanks/", views_public.public_thanks, name="public_thanks"),
]
