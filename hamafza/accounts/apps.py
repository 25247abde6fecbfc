from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hamafza.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_save

        from hamafza.accounts.middleware import mark_seen, remember_two_factor
        from hamafza.accounts.security import drop_tokens_on_password_change

        pre_save.connect(drop_tokens_on_password_change, sender=self.get_model("User"))
        user_logged_in.connect(mark_seen, dispatch_uid="hamafza-session-seen")
        user_logged_in.connect(remember_two_factor, dispatch_uid="hamafza-two-factor")
