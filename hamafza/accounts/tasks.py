"""Background work of accounts: delivering notifications. Tasks take keys, not objects."""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.mail import send_mass_mail
from django_tasks import task

from hamafza.accounts.models import Notification, User


def absolute(url: str) -> str:
    """A link of the site as an e-mail needs it: the site's configured address and the path."""
    if not url or urlsplit(url).scheme:
        return url
    return urljoin(settings.SITE_URL.rstrip("/") + "/", url.lstrip("/"))


@task()
def deliver_notifications(user_ids: list[int], title: str, body: str, url: str) -> int:
    """Put a notification in each user's inbox on the site and send it by e-mail."""
    users = list(User.objects.filter(pk__in=user_ids, is_active=True))
    Notification.objects.bulk_create([Notification(user=u, title=title, body=body, url=url) for u in users])
    link = absolute(url)
    mails = [
        (title, f"{body}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email
    ]
    if mails:
        send_mass_mail(mails, fail_silently=False)
    return len(users)
