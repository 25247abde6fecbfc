"""For the load balancer: /healthz (the process answers) and /readyz (it can serve: 200, or 503 and why)."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hamafza.ops.services.health import readiness


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def readyz(request):
    outcome = readiness()
    ready = all(value == "ok" for value in outcome.values())
    return JsonResponse({"ready": ready, "checks": outcome}, status=200 if ready else 503)
