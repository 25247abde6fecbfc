"""The atlas pages under /atlas/: the map, its data, the neighbourhood profile, and the pages of the
value entry and the priority ranking."""

from django.urls import include, path

from hamafza.atlas import views, views_incidents

app_name = "atlas"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("data/", views.map_data, name="map_data"),
    path("boundaries/<str:level>/", views.boundaries, name="boundaries"),
    path("hotspots/", views.hotspots, name="hotspots"),
    path("export.<str:fmt>", views.export, name="export"),
    path("regions/<int:pk>/", views.profile, name="profile"),
    path("incidents/", views_incidents.incidents_upload, name="incidents_upload"),
    path("incidents/<int:pk>/", views_incidents.incidents_batch, name="incidents_batch"),
    path("", include("hamafza.atlas.urls_values")),
    path("", include("hamafza.atlas.urls_ranking")),
]
