"""The atlas pages under /atlas/, namespace "atlas": the map and its data, the neighbourhood profile,
incident files, indicator values and denominators, and the priority ranking with its assessments."""

from django.urls import path

from hamafza.atlas.views import denominators, incidents, map, profile, ranking, values

app_name = "atlas"

urlpatterns = [
    # The map: the page, its data and boundaries, hot spots, the export
    path("", map.map_page, name="map"),
    path("data/", map.map_data, name="map_data"),
    path("boundaries/<str:level>/", map.boundaries, name="boundaries"),
    path("hotspots/", map.hotspots, name="hotspots"),
    path("export.<str:fmt>", map.export, name="export"),
    # A neighbourhood's profile
    path("regions/<int:pk>/", profile.profile, name="profile"),
    # Incident files: upload, and the import's progress
    path("incidents/", incidents.incidents_upload, name="incidents_upload"),
    path("incidents/<int:pk>/", incidents.incidents_batch, name="incidents_batch"),
    # Indicator values reported by agencies: in a table or from a file
    path("values/", values.values_index, name="values"),
    path("values/<int:pk>/", values.values_entry, name="values_entry"),
    path("values/<int:pk>/upload/", values.values_upload, name="values_upload"),
    path("values/<int:pk>/upload/confirm/", values.values_upload_confirm, name="values_upload_confirm"),
    path("values/<int:pk>/template.xlsx", values.values_template, name="values_template"),
    # Denominators (residents, households, pupils) from a file
    path("denominators/", denominators.denominators_upload, name="denominators_upload"),
    path("denominators/confirm/", denominators.denominators_confirm, name="denominators_confirm"),
    path("denominators/template.xlsx", denominators.denominators_template, name="denominators_template"),
    # The priority ranking, and saved assessments
    path("ranking/", ranking.ranking_page, name="ranking"),
    path("ranking/pairs/", ranking.ranking_pairs, name="ranking_pairs"),
    path("ranking/export/", ranking.ranking_export, name="ranking_export"),
    path("ranking/save/", ranking.ranking_save, name="ranking_save"),
    path("assessments/", ranking.assessment_list, name="assessments"),
    path("assessments/<int:pk>/", ranking.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/export/", ranking.assessment_export, name="assessment_export"),
    path("assessments/<int:pk>/targets/", ranking.assessment_targets, name="assessment_targets"),
]
