from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from hamafza.accounts import views
from hamafza.accounts.views import privacy, two_factor

app_name = "accounts"

urlpatterns = [
    path("login/", two_factor.LoginView.as_view(), name="login"),
    path("login/code/", two_factor.verify_login, name="two_factor_verify"),
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
    path("two-factor/", two_factor.overview, name="two_factor"),
    path("two-factor/start/", two_factor.start, name="two_factor_start"),
    path("two-factor/<int:pk>/setup/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/backup-codes/", two_factor.backup_codes, name="two_factor_codes"),
    path("two-factor/<int:pk>/backup-codes/new/", two_factor.new_backup_codes, name="two_factor_new_codes"),
    path("two-factor/<int:pk>/disable/", two_factor.disable, name="two_factor_disable"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    # A person's data on request: administrators only (issue 12).
    path("privacy/", privacy.search, name="privacy_search"),
    path("privacy/<str:kind>/<int:pk>/", privacy.person, name="privacy_person"),
    path("privacy/<str:kind>/<int:pk>/export/", privacy.export, name="privacy_export"),
    path("privacy/<str:kind>/<int:pk>/erase/", privacy.erase, name="privacy_erase"),
]
