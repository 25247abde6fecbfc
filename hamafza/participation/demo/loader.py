"""The participation demo over District 21: NGOs with profiles and achievements, donors and industries,
agencies' capacities, needs in every state, pledges pledged, delivered and verified, public offers
awaiting the secretariat, and a matching proposal to confirm. Everything goes through the services, as a
person would do it. Loaded once (after `load_demo` and `load_atlas_demo`); a second run changes nothing."""

import datetime as dt
import io
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from PIL import Image

from hamafza import demo as base
from hamafza.accounts.models import User
from hamafza.atlas.models import HarmCategory
from hamafza.audit.context import Origin, reset_origin, set_origin
from hamafza.meetings.models import Body
from hamafza.meetings.services import UploadedFile
from hamafza.orgs.models import Organization
from hamafza.participation.demo import data
from hamafza.participation.models import Capacity, Donor, Need, Pledge, ServiceKind
from hamafza.participation.services import achievements, capacity, matching, needs, pledges, public, registry
from hamafza.participation.services.taxonomy import load_services
from hamafza.places.models import Region
from hamafza.places.services import DISTRICT21_CODE

DONOR_USERNAME = "donor"  # Hasan Nikukar, a person donor who signs in to see his pledges


@dataclass
class ParticipationDemo:
    loaded: bool
    counts: dict[str, int]


def counts() -> dict[str, int]:
    return {
        "donors": Donor.objects.count(),
        "capacities": Capacity.objects.count(),
        "needs": Need.objects.count(),
        "pledges": Pledge.objects.count(),
    }


def load_participation_demo() -> ParticipationDemo:
    body = Body.objects.filter(name=base.HEADQUARTERS).first()
    if body is None:
        raise RuntimeError("Load the base demo first: manage.py load_demo")
    if Need.objects.filter(body=body).exists():
        return ParticipationDemo(loaded=False, counts=counts())
    token = set_origin(Origin(source="demo"))
    try:
        with transaction.atomic():
            _Loader(body).run()
    finally:
        reset_origin(token)
    return ParticipationDemo(loaded=True, counts=counts())


def _evidence(title: str) -> UploadedFile:
    """A small real PNG: the photo of a receipt the agency attaches when it verifies a delivery."""
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (232, 243, 243)).save(buffer, format="PNG")
    return UploadedFile(name=f"{title}.png", data=buffer.getvalue())


class _Loader:
    def __init__(self, body: Body):
        self.body = body
        self.today = timezone.localdate()
        self.admin = User.objects.get(username="admin")
        self.secretary = User.objects.get(username="hq21-secretary")
        self.orgs = {key: Organization.objects.get(name=spec[0]) for key, spec in base.ORGANIZATIONS.items()}
        self.d21 = Region.objects.get(code=DISTRICT21_CODE)
        self.places = {r.code: r for r in Region.objects.filter(parent=self.d21).without_boundaries()}
        self.places["d21"] = self.d21
        self.donors: dict[str, Donor] = {}
        self.needs: dict[str, Need] = {}

    def officer(self, org_key: str) -> User:
        return User.objects.get(username=base.OFFICER_OF[org_key])

    def run(self) -> None:
        load_services()
        self.ngos()
        self.donor_registry()
        self.capacities()
        self.need_list()
        self.pledge_list()
        self.offers()
        matching.propose_allocation(self.body, by=self.secretary)

    def ngos(self) -> None:
        for key, (number, authority, days, legal_id, members, fields, served, contacts) in data.NGOS.items():
            organization = self.orgs[key]
            registry.save_ngo_profile(
                organization,
                by=self.admin,
                profile=registry.NgoProfileData(
                    registration_number=number,
                    licence_authority=authority,
                    licence_expires=self.today + dt.timedelta(days=days),
                    legal_id=legal_id,
                    fields=list(HarmCategory.objects.filter(code__in=fields)),
                    regions_served=[self.places[code] for code in served],
                    members_count=members,
                ),
            )
            for index, (name, role, mobile) in enumerate(contacts):
                registry.add_contact(
                    organization, by=self.admin, name=name, role=role, mobile=mobile, is_primary=index == 0
                )
        # The headquarters asks its three NGOs for their achievements (seed 002); two have answered.
        call = achievements.open_call(
            self.body,
            by=self.secretary,
            title="گزارش دستاوردها و اثربخشی سمن‌های منطقه ۲۱ در نه ماه گذشته",
            period_start=self.today - dt.timedelta(days=270),
            period_end=self.today - dt.timedelta(days=10),
            deadline=self.today + dt.timedelta(days=20),
            note="گزارش را با شمار بهره‌مندان و مستندات بفرستید.",
        )
        children = self.officer("ngo_children")
        report = achievements.submit_achievement(
            self.orgs["ngo_children"],
            by=children,
            body=self.body,
            call=call,
            period_start=self.today - dt.timedelta(days=270),
            period_end=self.today - dt.timedelta(days=90),
            activities="کلاس‌های جبرانی برای ۸۵ کودک کار در تهرانسر شرقی و ولیعصر؛ بازگشت ۳۲ کودک به مدرسه؛ "
            "مشاوره خانواده برای ۴۰ خانوار.",
            beneficiaries=157,
            regions=[self.places["T21-06"], self.places["T21-10"]],
            files=[_evidence("گزارش-عملکرد")],
        )
        achievements.accept_achievement(report, by=self.secretary, score=4, note="اثربخش و مستند.")
        achievements.submit_achievement(
            self.orgs["ngo_women"],
            by=self.officer("ngo_women"),
            body=self.body,
            call=call,
            period_start=self.today - dt.timedelta(days=180),
            period_end=self.today - dt.timedelta(days=10),
            activities="دوره‌های مهارت‌آموزی خیاطی و آشپزی برای ۶۰ زن سرپرست خانوار؛ راه‌اندازی ۱۲ کسب‌وکار خانگی.",
            beneficiaries=60,
            regions=[self.places["T21-14"], self.places["T21-23"]],
        )

    def donor_registry(self) -> None:
        for key, spec in data.DONORS.items():
            kind, name, org_key, national_id, legal_id, mobile, postal, anonymous, cats, regions, prior = spec
            self.donors[key] = registry.register_donor(
                self.body,
                by=self.secretary,
                data=registry.DonorData(
                    kind=kind,
                    name=name,
                    organization=self.orgs[org_key] if org_key else None,
                    national_id=national_id,
                    legal_id=legal_id,
                    mobile=mobile,
                    postal_code=postal,
                    region=self.d21,
                    interest_categories=cats,
                    interest_regions=[self.places[code] for code in regions],
                    prior_giving=prior,
                    is_anonymous=anonymous,
                    consent=True,
                ),
            )
        for key, items in data.RECOGNITIONS.items():
            for days, title, given_by in items:
                registry.add_recognition(
                    self.donors[key],
                    by=self.secretary,
                    date=self.today - dt.timedelta(days=days),
                    title=title,
                    given_by=given_by,
                )
        person = User.objects.create(
            username=DONOR_USERNAME,
            first_name="حسن",
            last_name="نیکوکار",
            email="donor@demo.hamafza.ir",
            password=make_password(base.PASSWORD),
        )
        registry.link_donor_user(self.donors["hasan"], by=self.secretary, user=person)

    def capacities(self) -> None:
        services = {s.code: s for s in ServiceKind.objects.all()}
        for org_key, code, place, amount, staff, hours, where in data.CAPACITIES:
            capacity.save_capacity(
                self.orgs[org_key],
                by=self.officer(org_key),
                service=services[code],
                region=self.places[place],
                amount=amount,
                staff=staff,
                hours_per_week=hours,
                place=where,
            )

    def need_list(self) -> None:
        for (
            key,
            org_key,
            place,
            category,
            title,
            why,
            quantity,
            unit,
            cost,
            days,
            urgency,
            state,
        ) in data.NEEDS:
            by = self.officer(org_key) if org_key else self.secretary
            need = needs.propose_need(
                by=by,
                body=self.body,
                organization=self.orgs[org_key] if org_key else None,
                region=self.places[place],
                category=category,
                title=title,
                justification=why,
                estimated_cost=cost,
                quantity=quantity,
                unit=unit,
                deadline=self.today + dt.timedelta(days=days),
                urgency=urgency,
            )
            if state in ("approved", "partly_met", "met"):
                needs.approve_need(need, by=self.secretary)
            elif state == "rejected":
                needs.reject_need(
                    need, by=self.secretary, reason="در اولویت این دوره نیست؛ سال آینده بررسی شود."
                )
            elif state == "withdrawn":
                needs.withdraw_need(need, by=by, reason="اعتبار آن از محل بودجه دستگاه تأمین شد.")
            self.needs[key] = need

    def pledge_list(self) -> None:
        categories = {category: category for category in ("cash", "services", "building", "equipment")}
        for donor_key, need_key, category, place, kind, value, hours, state, delivered, _days in data.PLEDGES:
            need = self.needs[need_key] if need_key else None
            pledge = pledges.record_pledge(
                by=self.secretary,
                donor=self.donors[donor_key],
                body=self.body,
                value=value,
                kind=kind,
                need=need,
                category=categories.get(category, ""),
                region=self.places[place] if place else None,
                hours=hours,
                description="",
            )
            if state == "delivered":
                pledges.record_delivery(pledge, by=self.secretary, value=delivered, note="تحویل شد.")
            elif state == "verified":
                agency = self.officer(next(k for k, o in self.orgs.items() if o.pk == need.organization_id))
                pledges.record_delivery(
                    pledge,
                    by=agency,
                    value=delivered,
                    note="دریافت و در انبار ثبت شد.",
                    files=[_evidence("رسید-انبار")],
                )

    def offers(self) -> None:
        for need_key, name, mobile, anonymous, kind, value, hours, description in data.OFFERS:
            public.make_public_offer(
                self.needs[need_key],
                name=name,
                mobile=mobile,
                anonymous=anonymous,
                kind=kind,
                value=value,
                hours=hours,
                description=description,
            )
