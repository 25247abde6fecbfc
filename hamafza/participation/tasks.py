"""Background work of participation. Tasks take keys, not objects; a task module imports the work it
runs, and the work never imports its task module."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from hamafza.accounts.models import User
from hamafza.meetings.services.notify import send
from hamafza.participation.models import AllocationProposal
from hamafza.participation.services.matching import confirm_all
from hamafza.templatetags_builtins import digits as n


@task()
def confirm_proposal_task(proposal_id: int, user_id: int) -> dict:
    """Confirm every proposed line of a big proposal (services.matching.confirm_all), then tell the
    secretariat member who asked how many went through; refused lines stay proposed, with their reason
    given when confirmed one by one."""
    proposal = AllocationProposal.objects.get(pk=proposal_id)
    confirmed, refused = confirm_all(proposal, by=User.objects.get(pk=user_id))
    with override("fa"):
        title = _("%(confirmed)s lines of the allocation were confirmed, %(refused)s were not") % {
            "confirmed": n(len(confirmed)),
            "refused": n(len(refused)),
        }
    send([user_id], title, "", reverse("participation:proposal", args=[proposal_id]))
    return {"confirmed": len(confirmed), "refused": len(refused)}
