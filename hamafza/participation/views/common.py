"""What the participation pages share: running a service behind a button, putting a service's refusal
back on the form, reading uploaded files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from hamafza.participation.services.common import ParticipationError, UploadedFile


def act(request, change, success, then: str):
    """Run a service's `change()` for a button; show its refusal, or `success` (a text, or a function of
    what `change()` returned) when it went through; then go to the page `then`."""
    try:
        result = change()
    except ParticipationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(then)


def form_error(form, error: ValidationError) -> None:
    """The service's messages on the fields they name (when the form has them), the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    form.add_error(name if name in form.fields else None, message)
        return
    for message in error.messages:
        form.add_error(None, message)


def uploaded_files(request, field: str = "files") -> list[UploadedFile]:
    return [UploadedFile.from_upload(f) for f in request.FILES.getlist(field)]
