from django.urls import path

from hamafza.reports import views

app_name = "reports"

urlpatterns = [
    path("bodies/<int:pk>/followup/", views.followup, name="followup"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
