"""Sending a stored upload (evidence, minutes, letters) after the view has checked access to it.

With settings.X_ACCEL_REDIRECT on and the files on the local disk, the response is empty and carries
X-Accel-Redirect: nginx then sends the file itself from its internal location /protected/ (an alias of
MEDIA_ROOT, see deploy/nginx/), so no web worker is held while a large file goes out. Otherwise (`make
run`, tests, object storage) the worker streams the file.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from hamafza.lib.persian import to_persian_digits

X_ACCEL_PREFIX = "/protected/"


def stored_file_response(
    stored: FieldFile, *, filename: str, content_type: str | None = None
) -> HttpResponseBase:
    """The download of `stored` as an attachment named `filename`."""
    if getattr(settings, "X_ACCEL_REDIRECT", False) and isinstance(stored.storage, FileSystemStorage):
        response = HttpResponse(
            content_type=content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        )
        response["X-Accel-Redirect"] = X_ACCEL_PREFIX + quote(stored.name or "")
        response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
        return response
    return FileResponse(stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type)


def attachment(name: str, fallback: str) -> str:
    """The Content-Disposition of a download named `name` (its digits Persian on a Persian page)."""
    if (get_language() or "fa").startswith("fa"):
        stem, dot, extension = name.rpartition(".")
        name = f"{to_persian_digits(stem)}{dot}{extension}" if dot else to_persian_digits(name)
    safe = name.replace("/", "-").replace("\\", "-").replace('"', "")
    ascii_name = fallback.encode("ascii", "ignore").decode() or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"
