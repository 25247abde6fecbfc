"""What every counselling service shares: the error it raises, the audit actions' names, today."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "counseling_case.open": _("Counselling case opened"),
    "counseling_case.update": _("Counselling case edited"),
    "counseling_case.close": _("Counselling case closed"),
    "counseling_case.reopen": _("Counselling case reopened"),
    "counseling_case.read_personal": _("Parties' personal data read"),
    "counseling_party.add": _("Party added to a counselling case"),
    "counseling_session.add": _("Counselling session recorded"),
    "counseling_statistic.save": _("Monthly counselling statistics saved"),
    "counseling_statistic.import": _("Monthly counselling statistics uploaded"),
    "counseling_role.grant": _("Role in counselling given"),
}


class CounselingError(ValidationError):
    """A change the rules of counselling cases do not allow; the message is for the user."""


def today() -> dt.date:
    return timezone.localdate()
