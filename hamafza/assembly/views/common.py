"""What the assembly's pages share: a service's refusal shown on the page or on the form."""

from django.contrib import messages
from django.shortcuts import redirect

from hamafza.assembly.services.common import AssemblyError


def run(request, change, success, then: str, *args):
    """Run a service for a button; flash its refusal, or `success` when it went through; then go to the
    page named `then` (with `args`)."""
    try:
        change()
    except AssemblyError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(then, *args)


def refusal_on_form(form, error: AssemblyError) -> None:
    """The service's messages on the fields they name (when the form has them), the rest above it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    form.add_error(name if name in form.fields else None, message)
        return
    for message in error.messages:
        form.add_error(None, message)
