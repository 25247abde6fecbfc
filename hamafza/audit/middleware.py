from hamafza.audit.context import Origin, reset_origin, set_origin


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the client's address known to the service functions that write the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        token = set_origin(Origin(ip=client_ip(request), source=source))
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)
