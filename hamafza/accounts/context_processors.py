from django.conf import settings


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"map_tile_url": settings.MAP_TILE_URL}
    return {
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
        "map_tile_url": settings.MAP_TILE_URL,
    }
