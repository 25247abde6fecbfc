"""What the follow-up pages share: a service's refusal put back on the form, and uploaded files read
for a service."""

from hamafza.meetings import services


def form_error(form, error) -> None:
    """The service's messages above the form."""
    for message in getattr(error, "messages", [str(error)]):
        form.add_error(None, message)


def uploaded_files(request, field: str = "files") -> list[services.UploadedFile]:
    """The files of the request's field `field` for a service (left on disk, read in chunks)."""
    return [services.UploadedFile.from_upload(f) for f in request.FILES.getlist(field)]
