from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from hamafza.lib.persian import search_terms
from hamafza.orgs.models import Organization


@login_required
def organization_list(request):
    """The registry of organisations: who they are and which region they serve."""
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    organizations = Organization.objects.filter(is_active=True).select_related("region").order_by("name")
    for term in search_terms(query):
        organizations = organizations.filter(search_text__contains=term)
    if kind in Organization.Kind.values:
        organizations = organizations.filter(kind=kind)
    page = Paginator(organizations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/organization_list.html",
        {"page": page, "query": query, "kind": kind, "kinds": Organization.Kind.choices},
    )
