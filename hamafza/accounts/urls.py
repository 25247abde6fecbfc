from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from hamafza.accounts import views
from hamafza.accounts.views import privacy

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password_done")
        ),
        name="password",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password_done",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    # A person's data on request: administrators only (issue 12).
    path("privacy/", privacy.search, name="privacy_search"),
    path("privacy/<str:kind>/<int:pk>/", privacy.person, name="privacy_person"),
    path("privacy/<str:kind>/<int:pk>/export/", privacy.export, name="privacy_export"),
    path("privacy/<str:kind>/<int:pk>/erase/", privacy.erase, name="privacy_erase"),
]
