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
from django.utils.http import content_disposition_header

X_ACCEL_PREFIX = "/protected/"


def stored_file_response(
    stored: FieldFile, *, filename: str, content_type: str | None = None
) -> HttpResponse:
    """The download of `stored` as an attachment named `filename`."""
    if getattr(settings, "X_ACCEL_REDIRECT", False) and isinstance(stored.storage, FileSystemStorage):
        response = HttpResponse(
            content_type=content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        )
        response["X-Accel-Redirect"] = X_ACCEL_PREFIX + quote(stored.name)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    return FileResponse(stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
