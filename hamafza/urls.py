from django.contrib import admin
from django.urls import include, path

from hamafza.meetings.views import bodies as meeting_views

urlpatterns = [
    path("", meeting_views.home, name="home"),
    path("", include("hamafza.ops.urls")),
    path("accounts/", include("hamafza.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("organizations/", include("hamafza.orgs.urls")),
    path("reports/", include("hamafza.reports.urls")),
    path("atlas/", include("hamafza.atlas.urls")),
    path("participation/", include("hamafza.participation.urls")),
    path("goals/", include("hamafza.goals.urls")),
    path("assembly/", include("hamafza.assembly.urls")),
    path("counseling/", include("hamafza.counseling.urls")),
    path("api/", include("hamafza.api_urls")),
    path("", include("hamafza.meetings.urls")),
]
# Uploaded files (minutes, evidence) are never served as static media: only through views that check access.

# Persian error pages (hamafza/templates/403.html, 404.html, 500.html); a body too large gets a 413 page.
handler400 = "hamafza.ops.views.errors.bad_request"
