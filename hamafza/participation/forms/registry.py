"""Forms of the registries: NGO profiles and contact people, donors and their recognitions.

The forms only shape the input; identifiers and the rules are checked by the services, whose errors are
put back on the fields they belong to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.atlas.models import HarmCategory
from hamafza.lib import limits
from hamafza.lib.forms import JalaliDateField, LimitedTextField, PersianDigitsInput, PersianIntegerField
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation.forms.common import regions
from hamafza.participation.models import Donor, NeedCategory
from hamafza.participation.services.registry import DonorData, NgoProfileData


class NgoProfileForm(forms.Form):
    registration_number = forms.CharField(label=_("Registration / licence number"), max_length=60)
    licence_authority = forms.CharField(label=_("Issuing authority"), max_length=200)
    licence_expires = JalaliDateField(label=_("Licence expires"), required=False)
    legal_id = forms.CharField(
        label=_("Legal entity national ID (شناسه ملی)"),
        required=False,
        max_length=20,
        widget=PersianDigitsInput(),
    )
    activity_fields = forms.ModelMultipleChoiceField(
        label=_("Fields of activity"),
        required=False,
        queryset=HarmCategory.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    regions_served = forms.ModelMultipleChoiceField(
        label=_("Regions served"),
        required=False,
        queryset=regions(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    members_count = PersianIntegerField(label=_("Members"), required=False, min_value=0)
    founded_on = JalaliDateField(label=_("Founded on"), required=False, min_year=1250)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30, widget=PersianDigitsInput())

    def profile_data(self) -> NgoProfileData:
        data = self.cleaned_data
        return NgoProfileData(
            registration_number=data["registration_number"],
            licence_authority=data["licence_authority"],
            licence_expires=data["licence_expires"],
            legal_id=data["legal_id"],
            fields=list(data["activity_fields"]),
            regions_served=list(data["regions_served"]),
            members_count=data["members_count"],
            founded_on=data["founded_on"],
        )


class NgoCreateForm(NgoProfileForm):
    name = forms.CharField(label=_("Name of the NGO"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), required=False, max_length=80)
    region = forms.ModelChoiceField(label=_("Region (province, county or city)"), queryset=regions())
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=150)
    contact_mobile = forms.CharField(
        label=_("Contact person's mobile"), required=False, max_length=20, widget=PersianDigitsInput()
    )

    field_order = ["name", "short_name", "region"]


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.CharField(label=_("Role"), required=False, max_length=120)
    mobile = forms.CharField(label=_("Mobile"), required=False, max_length=20, widget=PersianDigitsInput())
    email = forms.EmailField(label=_("E-mail"), required=False)
    is_primary = forms.BooleanField(label=_("Primary contact"), required=False)


class DonorForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Registered with"), queryset=Body.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Donor.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    organization = forms.ModelChoiceField(
        label=_("Organization in the directory"),
        required=False,
        queryset=Organization.objects.filter(
            kind__in=[Organization.Kind.CHARITY, Organization.Kind.INDUSTRY], is_active=True
        ),
        help_text=_("For a charity or an industry."),
    )
    national_id = forms.CharField(
        label=_("National ID (کد ملی), for a person"),
        required=False,
        max_length=20,
        widget=PersianDigitsInput(),
    )
    legal_id = forms.CharField(
        label=_("Legal entity national ID (شناسه ملی), for an institution"),
        required=False,
        max_length=20,
        widget=PersianDigitsInput(),
    )
    mobile = forms.CharField(label=_("Mobile"), required=False, max_length=20, widget=PersianDigitsInput())
    email = forms.EmailField(label=_("E-mail"), required=False)
    postal_code = forms.CharField(
        label=_("Postal code"), required=False, max_length=20, widget=PersianDigitsInput()
    )
    address = LimitedTextField(
        max_length=limits.NOTE, label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    region = forms.ModelChoiceField(label=_("Region"), required=False, queryset=regions())
    interest_categories = forms.MultipleChoiceField(
        label=_("Categories of interest"),
        required=False,
        choices=NeedCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    interest_regions = forms.ModelMultipleChoiceField(
        label=_("Regions of interest"),
        required=False,
        queryset=regions(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    prior_giving = PersianIntegerField(label=_("Giving before Hamafza (rials)"), required=False, min_value=0)
    is_anonymous = forms.BooleanField(
        label=_("Anonymous: the name is shown only to the secretariat"), required=False
    )
    consent = forms.BooleanField(
        label=_("The donor consented to keeping their personal data"),
        required=False,
        help_text=_("Required for a person."),
    )
    may_contact = forms.BooleanField(
        label=_("May be contacted about new needs"), required=False, initial=True
    )
    note = LimitedTextField(
        max_length=limits.NOTE, label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["body"]
        else:
            self.fields["body"].queryset = bodies
            if len(bodies) == 1:
                self.fields["body"].initial = bodies[0].pk

    @staticmethod
    def initial_for(donor: Donor) -> dict:
        return {
            "kind": donor.kind,
            "name": donor.name,
            "organization": donor.organization_id,
            "national_id": donor.national_id,
            "legal_id": donor.legal_id,
            "mobile": donor.mobile,
            "email": donor.email,
            "postal_code": donor.postal_code,
            "address": donor.address,
            "region": donor.region_id,
            "interest_categories": donor.interest_categories,
            "interest_regions": list(donor.interest_regions.values_list("pk", flat=True)),
            "prior_giving": donor.prior_giving,
            "is_anonymous": donor.is_anonymous,
            "consent": donor.consent_at is not None,
            "may_contact": donor.may_contact,
            "note": donor.note,
        }

    def donor_data(self) -> DonorData:
        data = self.cleaned_data
        return DonorData(
            kind=data["kind"],
            name=data["name"],
            organization=data["organization"],
            national_id=data["national_id"],
            legal_id=data["legal_id"],
            mobile=data["mobile"],
            email=data["email"],
            postal_code=data["postal_code"],
            address=data["address"],
            region=data["region"],
            interest_categories=list(data["interest_categories"]),
            interest_regions=list(data["interest_regions"]),
            prior_giving=data["prior_giving"] or 0,
            is_anonymous=data["is_anonymous"],
            consent=data["consent"],
            may_contact=data["may_contact"],
            note=data["note"],
        )


class RecognitionForm(forms.Form):
    date = JalaliDateField(label=_("Date"))
    title = forms.CharField(label=_("Recognition"), max_length=250)
    given_by = forms.CharField(label=_("Given by"), required=False, max_length=200)
    note = LimitedTextField(
        max_length=limits.NOTE, label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
