"""What the goals pages share: the user's scope, a service behind a button, the files of a form."""

from django.contrib import messages
from django.shortcuts import redirect

from hamafza.goals.access import Viewer
from hamafza.goals.services.common import GoalsError, UploadedFile


def viewer(request) -> Viewer:
    """The user's scope, read once per request."""
    if not hasattr(request, "_goals_viewer"):
        request._goals_viewer = Viewer(request.user)
    return request._goals_viewer


def act(request, change, success, then):
    """Run a service's `change()` for a button; show its refusal or `success`; then go to `then`."""
    try:
        result = change()
    except GoalsError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(then)


def uploaded_files(request, field: str = "files") -> list[UploadedFile]:
    return [UploadedFile.from_upload(f) for f in request.FILES.getlist(field)]
