"""Counselling under /counseling/: cases and their sessions, the figures by area, monthly statistics and
the reports."""

from django.urls import path

from hamafza.counseling.views import cases, exports, figures, statistics

app_name = "counseling"

urlpatterns = [
    path("", cases.home, name="home"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/personal/", cases.personal, name="personal"),
    path("cases/<int:pk>/sessions/", cases.session_add, name="session_add"),
    path("cases/<int:pk>/parties/", cases.party_add, name="party_add"),
    path("cases/<int:pk>/close/", cases.case_close, name="case_close"),
    path("statistics/", statistics.upload, name="statistics"),
    path("statistics/template.xlsx", statistics.template, name="statistics_template"),
    path("statistics/confirm/", statistics.confirm, name="statistics_confirm"),
    path("figures/", figures.national, name="national"),
    path("figures/provinces/<int:pk>/", figures.province, name="province"),
    path("figures/counties/<int:pk>/", figures.county, name="county"),
    path("figures/stations/<int:pk>/", figures.station, name="station"),
    path(
        "figures/stations/<int:pk>/report-<int:year>-<int:month>.<str:fmt>",
        exports.station_month,
        name="station_report",
    ),
    path(
        "figures/provinces/<int:pk>/report-<int:year>-q<int:quarter>.<str:fmt>",
        exports.province_quarter,
        name="province_report",
    ),
]
