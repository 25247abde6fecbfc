"""The site's URLs plus four views that fail on purpose, for the error pages' tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import path

from hamafza.urls import handler400  # noqa: F401 (the site's handler)
from hamafza.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


def missing(request):
    raise Http404


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("failing/403/", forbidden),
    path("failing/404/", missing),
    path("failing/400/", suspicious),
    path("failing/500/", broken),
    *site_urlpatterns,
]
