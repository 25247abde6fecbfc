"""Participation URLs: matching."""

urlpatterns: list = []
