from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "hamafza.participation"
    verbose_name = _("Participation")

    def ready(self):
        """Each service module names its audit actions in AUDIT_ACTIONS; the audit log shows them in words."""
        from importlib import import_module

        from hamafza.audit import labels

        for name in ("registry", "achievements", "capacity", "needs", "pledges", "matching", "public"):
            try:
                module = import_module(f"hamafza.participation.services.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"hamafza.participation.services.{name}":
                    raise
                continue
            labels.ACTIONS.update(getattr(module, "AUDIT_ACTIONS", {}))
