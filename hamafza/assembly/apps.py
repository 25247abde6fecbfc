from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    name = "hamafza.assembly"
    verbose_name = _("NGO assemblies and their elections")

    def ready(self):
        """Each service module names its audit actions in AUDIT_ACTIONS; the audit log shows them in words."""
        from hamafza.assembly.services import AUDIT_ACTIONS
        from hamafza.audit import labels

        labels.ACTIONS.update(AUDIT_ACTIONS)
