"""The error pages: Persian, in the site's frame, never Django's debug or bare English pages.

Django renders 403.html, 404.html and 500.html by itself; the 400 handler is ours so that a request body
over DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig, a SuspiciousOperation) is answered with a 413 page that
says what was too large and what the limit is.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render
from django.views import defaults

from hamafza.templatetags_builtins import digits, filesize


def bad_request(request, exception, template_name="400.html"):
    if isinstance(exception, RequestDataTooBig):
        context = {"limit": filesize(settings.DATA_UPLOAD_MAX_MEMORY_SIZE), "what": "data"}
        return render(request, "413.html", context, status=413)
    if isinstance(exception, TooManyFilesSent):
        context = {"limit": digits(settings.DATA_UPLOAD_MAX_NUMBER_FILES), "what": "files"}
        return render(request, "413.html", context, status=413)
    if isinstance(exception, TooManyFieldsSent):
        context = {"limit": digits(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS), "what": "fields"}
        return render(request, "413.html", context, status=413)
    return defaults.bad_request(request, exception, template_name)
