"""Who may import incidents, and for which neighbourhoods."""

from hamafza.places.models import Region


def can_import_incidents(user) -> bool:
    """A system administrator, or the secretariat of any body (for the neighbourhoods of its region)."""
    from hamafza.accounts.models import BodyRole

    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return BodyRole.objects.filter(user=user, kind=BodyRole.Kind.SECRETARIAT).exists()


def importable_neighbourhood_ids(user) -> set[int]:
    """The neighbourhoods a user may import incidents for: all for an administrator, else those under
    the regions of the bodies whose secretariat the user is."""
    from hamafza.accounts.models import BodyRole

    rows = list(Region.objects.values_list("pk", "parent_id", "kind"))
    neighbourhoods = {pk for pk, _parent, kind in rows if kind == Region.Kind.NEIGHBOURHOOD}
    if user.is_system_admin:
        return neighbourhoods
    roots = set(
        BodyRole.objects.filter(user=user, kind=BodyRole.Kind.SECRETARIAT).values_list(
            "body__region_id", flat=True
        )
    )
    parent = {pk: parent_id for pk, parent_id, _kind in rows}
    allowed = set()
    for pk in neighbourhoods:
        node = pk
        while node is not None:
            if node in roots:
                allowed.add(pk)
                break
            node = parent.get(node)
    return allowed
