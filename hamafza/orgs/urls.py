from django.urls import path

from hamafza.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.organization_list, name="list"),
]
