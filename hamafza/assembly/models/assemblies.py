"""An assembly (مجمع) of NGOs convened by a body, its members and who attended its sessions.

Sessions of an assembly are meetings of its body (hamafza.meetings.Meeting), so what they resolve is
followed up like any other resolution; `SessionAttendance` records which member NGOs were present.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


class Assembly(models.Model):
    """NGOs convened by a body (seed 002: «مجمع نهادهای مردمی همکار با قوه قضاییه»)."""

    body = models.ForeignKey(
        "meetings.Body",
        verbose_name=_("convening body"),
        on_delete=models.PROTECT,
        related_name="assemblies",
        help_text=_("Its secretariat convenes the assembly and runs its elections."),
    )
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True, max_length=limits.NOTE)
    letterhead = models.TextField(
        _("letterhead"),
        blank=True,
        help_text=_("The lines at the head of its letters, one per line, as on the body's paper."),
        max_length=limits.NOTE,
    )
    letter_prefix = models.CharField(
        _("letter number prefix"),
        max_length=30,
        blank=True,
        help_text=_("Written before each letter number."),
    )
    signatory_name = models.CharField(_("who signs the letters"), max_length=150, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="assembly_unique_body_name")]

    def __str__(self) -> str:
        return self.name

    def letterhead_lines(self) -> list[str]:
        return [line.strip() for line in self.letterhead.splitlines() if line.strip()]


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Member(models.Model):
    """An NGO accepted into an assembly, with the user who represents it and a substitute."""

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="members"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        related_name="assembly_memberships",
    )
    nomination = models.OneToOneField(
        "assembly.Nomination",
        verbose_name=_("nomination"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute representative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    joined_on = models.DateField(_("member since"))
    is_active = models.BooleanField(_("active"), default=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member NGO")
        verbose_name_plural = _("member NGOs")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "organization"], name="member_unique_assembly_ngo")
        ]

    def __str__(self) -> str:
        return str(self.organization)

    def speaks_for(self, user) -> bool:
        """The representative or the substitute: who may cast the member's ballot."""
        return user.is_authenticated and user.pk in {self.representative_id, self.substitute_id} - {None}


class SessionAttendance(models.Model):
    """A member NGO present at a session of the assembly (a meeting of its body)."""

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="assembly_attendance",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member NGO"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique_meeting_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.meeting}"
