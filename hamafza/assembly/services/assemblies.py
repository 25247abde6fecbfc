"""Assemblies and their members: created by a body's secretariat; each member names its representative
and a substitute (users of that NGO); the secretariat records which members attended a session."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.assembly import access
from hamafza.assembly.models import Assembly, Member, SessionAttendance
from hamafza.assembly.services.common import AssemblyError, require, require_manager
from hamafza.audit import services as audit
from hamafza.meetings.models import Body, Meeting

ASSEMBLY_FIELDS = ["name", "description", "letterhead", "letter_prefix", "signatory_name", "signatory_title"]


@dataclass
class AssemblyData:
    name: str
    description: str = ""
    letterhead: str = ""
    letter_prefix: str = ""
    signatory_name: str = ""
    signatory_title: str = ""


def _check(data: AssemblyData, *, body: Body, exclude: int | None = None) -> AssemblyData:
    """Text is kept as typed; only the ends of each field are trimmed."""
    cleaned = AssemblyData(**{name: (getattr(data, name) or "").strip() for name in ASSEMBLY_FIELDS})
    if not cleaned.name:
        raise AssemblyError({"name": [_("Enter the assembly's name.")]})
    taken = Assembly.objects.filter(body=body, name=cleaned.name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise AssemblyError({"name": [_("This body already has an assembly of that name.")]})
    return cleaned


@transaction.atomic
def create_assembly(body: Body, *, by: User, data: AssemblyData) -> Assembly:
    require(
        by.is_system_admin or body.pk in access.managed_body_ids(by),
        _("Only the secretariat of the body that convenes the assembly may do this."),
        "not_secretariat",
    )
    cleaned = _check(data, body=body)
    assembly = Assembly.objects.create(body=body, created_by=by, **cleaned.__dict__)
    audit.record(
        actor=by,
        action="assembly.create",
        obj=assembly,
        changes=audit.snapshot(assembly, ASSEMBLY_FIELDS),
        body_id=body.pk,
    )
    return assembly


@transaction.atomic
def update_assembly(assembly: Assembly, *, by: User, data: AssemblyData) -> Assembly:
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    require_manager(by, assembly)
    cleaned = _check(data, body=assembly.body, exclude=assembly.pk)
    before = audit.snapshot(assembly, ASSEMBLY_FIELDS)
    for name in ASSEMBLY_FIELDS:
        setattr(assembly, name, getattr(cleaned, name))
    assembly.save()
    audit.record(
        actor=by,
        action="assembly.update",
        obj=assembly,
        changes=audit.diff(before, audit.snapshot(assembly, ASSEMBLY_FIELDS)),
        body_id=assembly.body_id,
    )
    return assembly


def _check_person(member: Member, user: User | None, field: str, label) -> None:
    if user is None:
        return
    if not user.is_active or user.organization_id != member.organization_id:
        raise AssemblyError(
            {
                field: [
                    _("The %(role)s must be a user of %(ngo)s.") % {"role": label, "ngo": member.organization}
                ]
            },
            code="not_of_ngo",
        )


@transaction.atomic
def name_representatives(
    member: Member, *, by: User, representative: User | None, substitute: User | None
) -> Member:
    """The member's representative and substitute: users of the NGO, two different people."""
    member = Member.objects.select_for_update().select_related("assembly", "organization").get(pk=member.pk)
    require(
        access.can_name_representatives(by, member),
        _("Only the NGO's officers or the secretariat may name its representative."),
        "not_allowed",
    )
    _check_person(member, representative, "representative", _("representative"))
    _check_person(member, substitute, "substitute", _("substitute representative"))
    if representative is not None and substitute is not None and representative.pk == substitute.pk:
        raise AssemblyError(
            {
                "substitute": [
                    _("The substitute representative must be someone other than the representative.")
                ]
            }
        )
    before = audit.snapshot(member, ["representative", "substitute"])
    member.representative, member.substitute = representative, substitute
    member.save(update_fields=["representative", "substitute"])
    audit.record(
        actor=by,
        action="assembly.representatives",
        obj=member,
        changes=audit.diff(before, audit.snapshot(member, ["representative", "substitute"])),
        body_id=member.assembly.body_id,
    )
    return member


@transaction.atomic
def record_attendance(assembly: Assembly, meeting: Meeting, *, by: User, members: list[Member]) -> int:
    """The member NGOs present at a session (a meeting of the assembly's body); replaces the list."""
    require_manager(by, assembly)
    require(
        meeting.body_id == assembly.body_id,
        _("A session of the assembly is a meeting of its body."),
        "wrong_meeting",
    )
    ids = {member.pk for member in members}
    require(
        not Member.objects.filter(pk__in=ids).exclude(assembly=assembly).exists(),
        _("Only members of the assembly can attend its sessions."),
        "not_member",
    )
    before = set(
        SessionAttendance.objects.filter(meeting=meeting, member__assembly=assembly).values_list(
            "member_id", flat=True
        )
    )
    SessionAttendance.objects.filter(meeting=meeting, member__assembly=assembly).exclude(
        member_id__in=ids
    ).delete()
    SessionAttendance.objects.bulk_create(
        [SessionAttendance(meeting=meeting, member_id=pk) for pk in ids - before], ignore_conflicts=True
    )
    audit.record(
        actor=by,
        action="assembly.attendance",
        obj=assembly,
        changes={"meeting": meeting, "present": len(ids)},
        body_id=assembly.body_id,
    )
    return len(ids)
