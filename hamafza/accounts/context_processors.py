from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery


def navigation(request):
    """What the top bar needs, in one query: the unread notifications, and whether the user takes part in
    an NGO assembly (or, as a body's secretariat, may convene one)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"map_tile_url": settings.MAP_TILE_URL}
    from hamafza.accounts.models import BodyRole, Notification, User
    from hamafza.assembly.models import Assembly

    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    in_assembly = Assembly.objects.filter(
        Q(body__roles__user=OuterRef("pk"))
        | Q(elections__officials__user=OuterRef("pk"))
        | Q(members__organization=OuterRef("organization"), members__is_active=True)
    )
    convenes = BodyRole.objects.filter(user=OuterRef("pk"), kind=BodyRole.Kind.SECRETARIAT)
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(unread=Subquery(unread), in_assembly=Exists(in_assembly), convenes=Exists(convenes))
        .values("unread", "in_assembly", "convenes")
        .first()
        or {}
    )
    return {
        "unread_notifications": row.get("unread") or 0,
        "assembly_navigation": user.is_system_admin or row.get("in_assembly") or row.get("convenes"),
        "map_tile_url": settings.MAP_TILE_URL,
        # administrators and secretariats may turn on two-factor sign-in (the account page links to it)
        "two_factor_navigation": user.is_staff or user.is_superuser or bool(row.get("convenes")),
    }
