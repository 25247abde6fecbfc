"""Background work of accounts: delivering notifications. Tasks take keys, not objects."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django_tasks import task

from hamafza.accounts.models import Notification, User


@task()
def deliver_notifications(user_ids: list[int], title: str, body: str, url: str) -> int:
    """Put a notification in each user's inbox on the site and send it by e-mail."""
    users = list(User.objects.filter(pk__in=user_ids, is_active=True))
    Notification.objects.bulk_create([Notification(user=u, title=title, body=body, url=url) for u in users])
    mails = [
        (title, f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email
    ]
    if mails:
        send_mass_mail(mails, fail_silently=False)
    return len(users)
