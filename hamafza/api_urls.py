"""The REST API under /api/: the follow-up, its reference data, a token endpoint and the OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from hamafza.accounts.api.tokens import obtain_token
from hamafza.accounts.security import locked_token_view
from hamafza.assembly.api.views import AssemblyViewSet, ElectionViewSet
from hamafza.atlas.api.views import (
    HarmCategoryViewSet,
    HotspotsView,
    IncidentSummaryViewSet,
    IndicatorValuesView,
    IndicatorViewSet,
    RankingView,
)
from hamafza.counseling.api.views import CaseViewSet, FiguresView
from hamafza.goals.api.views import ProgrammeViewSet, ReportViewSet, ReviewViewSet
from hamafza.meetings.api.minutes import MinutesExtractView
from hamafza.meetings.api.views import (
    AssignmentViewSet,
    BodyViewSet,
    MeetingViewSet,
    ProgressReportViewSet,
    ResolutionViewSet,
)
from hamafza.ops.ratelimit import limit_per_address
from hamafza.orgs.api import OrganizationViewSet
from hamafza.participation.api.views import (
    CapacityViewSet,
    DonorViewSet,
    NeedViewSet,
    NgoViewSet,
    PledgeViewSet,
    PublicNeedViewSet,
)
from hamafza.places.api import RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("bodies", BodyViewSet, basename="body")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("resolutions", ResolutionViewSet, basename="resolution")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("reports", ProgressReportViewSet, basename="report")
router.register("atlas/categories", HarmCategoryViewSet, basename="atlas-category")
router.register("atlas/indicators", IndicatorViewSet, basename="atlas-indicator")
router.register("atlas/summaries", IncidentSummaryViewSet, basename="atlas-summary")
router.register("participation/needs", NeedViewSet, basename="participation-need")
router.register("participation/pledges", PledgeViewSet, basename="participation-pledge")
router.register("participation/donors", DonorViewSet, basename="participation-donor")
router.register("participation/ngos", NgoViewSet, basename="participation-ngo")
router.register("participation/capacities", CapacityViewSet, basename="participation-capacity")
router.register("participation/public-needs", PublicNeedViewSet, basename="participation-public-need")
router.register("goals/programmes", ProgrammeViewSet, basename="goals-programme")
router.register("goals/reports", ReportViewSet, basename="goals-report")
router.register("goals/reviews", ReviewViewSet, basename="goals-review")
router.register("assembly/assemblies", AssemblyViewSet, basename="assembly-assembly")
router.register("assembly/elections", ElectionViewSet, basename="assembly-election")
router.register("counseling/cases", CaseViewSet, basename="counseling-case")

urlpatterns = [
    path(
        "token/",
        limit_per_address("api-token", setting="api_token", default=(10, 60), api=True)(
            locked_token_view(obtain_token)
        ),
        name="api-token",
    ),
    path("minutes/extract/", MinutesExtractView.as_view(), name="api-minutes-extract"),
    path("atlas/indicator-values/", IndicatorValuesView.as_view(), name="api-atlas-indicator-values"),
    path("atlas/hotspots/", HotspotsView.as_view(), name="api-atlas-hotspots"),
    path("atlas/ranking/", RankingView.as_view(), name="api-atlas-ranking"),
    path("counseling/figures/", FiguresView.as_view(), name="api-counseling-figures"),
    path("auth/", include("rest_framework.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("schema/ui/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include((router.urls, "api"))),
]
