from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code of the authenticator app (six digits, Persian digits too) or, where allowed, a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "dir": "ltr", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, backup: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if backup:
            field.help_text = _(
                "The six-digit code your authenticator app shows, or one of your backup codes."
            )
        else:
            field.help_text = _("The six-digit code your authenticator app shows.")
            field.widget.attrs["inputmode"] = "numeric"
