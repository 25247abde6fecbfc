"""Marks the requests whose reads may go to the read replica (see hamafza.ops.routers)."""

from django.conf import settings

from hamafza.ops.routers import replica_configured, replica_reads

# The pages whose GET requests read from the replica: "namespace:name", or "namespace:" for all of a
# namespace's pages; besides these, every page whose URL name says it is an export.
DEFAULT_REPLICA_VIEWS = (
    ":home",  # the dashboard of the signed-in user
    "meetings:body",  # a body's dashboard
    "meetings:organization",  # an organisation's dashboard
    "goals:scorecard",
    "goals:programme_package",
    "atlas:",  # the atlas: map, rankings, hot spots
    "reports:",  # follow-up reports (Word, PDF, Excel)
)


def reads_from_replica(namespace: str, url_name: str) -> bool:
    patterns = getattr(settings, "REPLICA_VIEWS", DEFAULT_REPLICA_VIEWS)
    return f"{namespace}:{url_name}" in patterns or f"{namespace}:" in patterns or "export" in url_name


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not replica_configured():
            return None
        match = request.resolver_match
        if match and reads_from_replica(match.namespace, match.url_name or ""):
            with replica_reads():
                return view_func(request, *view_args, **view_kwargs)
        return None
