from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person; belongs to one organisation. Roles in bodies are BodyRole rows."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    is_officer = models.BooleanField(
        _("organization officer"),
        default=False,
        help_text=_("Reports progress on the assignments of the user's organization."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_system_admin(self) -> bool:
        return self.is_active and self.is_superuser


class BodyRole(models.Model):
    """A user's role in one body: its secretariat or a viewer of its work."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="body_roles")
    body = models.ForeignKey("meetings.Body", on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("role in a body")
        verbose_name_plural = _("roles in bodies")
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="bodyrole_unique_user_body")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.body}"


class Notification(models.Model):
    """A message in a user's inbox on the site (also sent by e-mail)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
