from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who changed what, when and from where. Written only by the service functions; never edited."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)
    source = models.CharField(_("channel"), max_length=20, default="web")
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.BigIntegerField()
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(_("changes"), default=dict)
    resolution_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    body_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
