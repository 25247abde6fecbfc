"""Participation URLs: needs."""

urlpatterns: list = []
