from django.urls import path

from hamafza.reports import views

app_name = "reports"

urlpatterns = [
    path("bodies/<int:pk>/followup/", views.followup, name="followup"),
]
