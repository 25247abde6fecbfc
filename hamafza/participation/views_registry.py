"""What the registry pages share: putting a service's refusal back on the form, reading uploaded files."""

from django.core.exceptions import ValidationError

from hamafza.participation.services.common import UploadedFile


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
    return [UploadedFile(name=f.name, data=f.read()) for f in request.FILES.getlist(field)]
