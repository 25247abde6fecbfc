from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "hamafza.goals"
    verbose_name = _("Annual goals")

    def ready(self):
        """The audit log shows the goals' actions in words."""
        from hamafza.audit import labels
        from hamafza.goals.services.common import AUDIT_ACTIONS

        labels.ACTIONS.update(AUDIT_ACTIONS)
