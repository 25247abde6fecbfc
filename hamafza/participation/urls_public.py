"""Participation URLs: public."""

urlpatterns: list = []
