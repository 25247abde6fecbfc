"""Annual goals under /goals/: programmes, their goals and measures, quarterly reports, year-end reviews,
adoptions side by side, the scorecard and the review packages."""

from django.urls import path

from hamafza.goals.views import cascade, exports, goals, programmes, reports, reviews

app_name = "goals"

urlpatterns = [
    path("", programmes.programme_list, name="programmes"),
    path("new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/activate/", programmes.programme_activate, name="programme_activate"),
    path("programmes/<int:pk>/adopt/", programmes.programme_adopt, name="programme_adopt"),
    path("programmes/<int:pk>/recompute/", programmes.programme_recompute, name="programme_recompute"),
    path("programmes/<int:pk>/goals/new/", goals.goal_create, name="goal_create"),
    path("programmes/<int:pk>/adoptions/", cascade.side_by_side, name="side_by_side"),
    path("programmes/<int:pk>/scorecard/", cascade.scorecard, name="scorecard"),
    path("programmes/<int:pk>/carry-over/", reviews.carry_over, name="carry_over"),
    path("programmes/<int:pk>/review.<str:fmt>", exports.programme_package, name="programme_package"),
    path(
        "years/<int:year>/provinces/<int:region_pk>/review.<str:fmt>",
        exports.province_package,
        name="province_package",
    ),
    path("goals/<int:pk>/edit/", goals.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/delete/", goals.goal_delete, name="goal_delete"),
    path("goals/<int:pk>/measures/new/", goals.measure_create, name="measure_create"),
    path("goals/<int:pk>/review/", reviews.review, name="review"),
    path("goals/<int:pk>/review/decide/", reviews.review_decide, name="review_decide"),
    path("measures/<int:pk>/edit/", goals.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/delete/", goals.measure_delete, name="measure_delete"),
    path("measures/<int:pk>/report/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/decide/", reports.report_decide, name="report_decide"),
    path("files/<int:pk>/", reports.report_file, name="report_file"),
]
