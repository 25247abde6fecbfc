"""Forms of the public page: the filter of open needs and a visitor's offer of help."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import PersianIntegerField
from hamafza.lib.identifiers import InvalidIdentifier, clean_mobile, clean_national_id
from hamafza.participation.models import NeedCategory, Pledge
from hamafza.participation.services.public import MOBILE_MESSAGE, NATIONAL_ID_MESSAGES


class PublicNeedFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, regions: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *regions]
        self.fields["category"].choices = [("", _("All categories")), *NeedCategory.choices]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("Words of the title")})


class PublicOfferForm(forms.Form):
    """What a visitor offers. The name goes to the secretariat even when the visitor asks to stay
    anonymous; the agency that receives the help then sees «anonymous donor»."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    anonymous = forms.BooleanField(
        label=_("Keep my name from the agency and the public (the secretariat still sees it)"), required=False
    )
    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"}),
    )
    national_id = forms.CharField(
        label=_("National ID"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        help_text=_("Optional; it lets the secretariat recognise you if you gave before."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    kind = forms.ChoiceField(
        label=_("What you offer"),
        choices=Pledge.Kind.choices,
        initial=Pledge.Kind.MONEY,
        widget=forms.RadioSelect,
    )
    value = PersianIntegerField(
        label=_("Value (rials)"),
        required=False,
        min_value=1,
        help_text=_(
            "For money or goods: their value. For time: what your hours are worth, as you estimate it."
        ),
    )
    hours = PersianIntegerField(
        label=_("Hours"), required=False, min_value=1, max_value=10000, help_text=_("For time only.")
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For goods: what they are; for time: what you can do and when."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the secretariat keeps my personal data to follow up my offer."),
        error_messages={
            "required": _("Without your consent to keep your data the offer cannot be recorded.")
        },
    )
    # A field people never see (hidden by CSS, not by type=hidden, which scripts skip); a script fills it.
    website = forms.CharField(
        max_length=limits.LINE,
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_mobile(self) -> str:
        try:
            return clean_mobile(self.cleaned_data["mobile"])
        except InvalidIdentifier:
            raise forms.ValidationError(MOBILE_MESSAGE, code="mobile") from None

    def clean_national_id(self) -> str:
        value = self.cleaned_data["national_id"].strip()
        if not value:
            return ""
        try:
            return clean_national_id(value)
        except InvalidIdentifier as error:
            raise forms.ValidationError(NATIONAL_ID_MESSAGES[error.code], code="national_id") from None

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Pledge.Kind.TIME and not data.get("hours"):
            self.add_error("hours", _("Say how many hours you offer."))
        if "value" not in self.errors and not data.get("value"):
            self.add_error("value", _("Enter the value of your offer in rials."))
        if kind == Pledge.Kind.GOODS and not data.get("description", "").strip():
            self.add_error("description", _("Say what goods you offer."))
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())
