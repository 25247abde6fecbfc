from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounselingConfig(AppConfig):
    name = "hamafza.counseling"
    verbose_name = _("Counselling centres")

    def ready(self):
        """The audit log shows the counselling actions in words."""
        from hamafza.audit import labels
        from hamafza.counseling.services.common import AUDIT_ACTIONS

        labels.ACTIONS.update(AUDIT_ACTIONS)
