"""Participation URLs: registry."""

urlpatterns: list = []
