"""Participation URLs: capacity."""

urlpatterns: list = []
