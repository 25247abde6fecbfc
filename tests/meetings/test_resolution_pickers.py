"""Issue 10: recording a resolution offers the body's member organisations first, and target regions
through a picker over a select that works without a script.

The lead and supporting lists (and the one of «assign an organisation») are grouped: «اعضای <body>»
first, then «سایر دستگاه‌ها»; any active organisation is still accepted. The regions' select carries,
per option, the name, where it lies and its search key, for hamafza/static/hamafza/picker.js; its label
says where the region lies, for whoever has no script.
"""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hamafza.lib.persian import search_key
from hamafza.meetings.forms.followup import AddAssignmentForm
from hamafza.meetings.forms.resolutions import ResolutionEditForm, ResolutionForm
from hamafza.meetings.models import Resolution
from hamafza.orgs.models import Organization
from hamafza.places.models import Region


class Selects(HTMLParser):
    """Each <select> of a page by name: its optgroups (label, [option texts]) and its options' attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.selects: dict[str, dict] = {}
        self._select = None
        self._option = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = {"attrs": attrs, "groups": [], "options": []}
            self.selects[attrs["name"]] = self._select
        elif tag == "optgroup" and self._select is not None:
            self._select["groups"].append((attrs["label"], []))
        elif tag == "option" and self._select is not None:
            self._option = {**attrs, "text": ""}
            self._select["options"].append(self._option)

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            text = self._option["text"].strip()
            self._option["text"] = text
            if self._select["groups"]:
                self._select["groups"][-1][1].append(text)
            self._option = None
        elif tag == "select":
            self._select = None


def fa(message: str, **values) -> str:
    with translation.override("fa"):
        return translation.gettext(message) % values if values else translation.gettext(message)


@pytest.fixture
def others(inspection, outsider_org):
    Organization.objects.create(name="سازمان منحل", region=inspection.region, is_active=False)
    return [inspection, outsider_org]


def expected_groups(body, others):
    members = sorted(body.members.values_list("name", flat=True))
    return [
        (fa("Members of %(body)s", body=body.name), members),
        (fa("Other organisations"), sorted(o.name for o in others)),
    ]


def test_the_resolution_form_offers_the_bodys_members_first(client_for, secretary, meeting, body, others):
    html = (
        client_for(secretary).get(reverse("meetings:resolution_create", args=[meeting.pk])).content.decode()
    )
    selects = Selects(html).selects
    assert selects["lead"]["groups"] == expected_groups(body, others)
    assert selects["supporting"]["groups"] == expected_groups(body, others)
    assert selects["lead"]["options"][0]["value"] == ""  # «---------» before the groups: no lead chosen yet
    # Several supporting organisations: picker.js makes a type-ahead of it, its empty box listing them all.
    assert selects["supporting"]["attrs"]["data-picker"] == "organizations"
    assert "data-browse" in selects["supporting"]["attrs"] and "multiple" in selects["supporting"]["attrs"]
    assert selects["supporting"]["attrs"]["data-placeholder"] == fa("Type part of an organisation's name")
    assert "سازمان منحل" not in html
    assert fa("Members of %(body)s", body=body.name) == f"اعضای {body.name}"
    assert fa("Other organisations") == "سایر دستگاه‌ها"


def test_assigning_an_organisation_offers_the_bodys_members_first(
    client_for, secretary, resolution, body, others
):
    html = (
        client_for(secretary).get(reverse("meetings:assignment_add", args=[resolution.pk])).content.decode()
    )
    assert Selects(html).selects["organization"]["groups"] == expected_groups(body, others)


def test_an_organisation_outside_the_body_may_still_lead(client_for, secretary, meeting, inspection, police):
    response = client_for(secretary).post(
        reverse("meetings:resolution_create", args=[meeting.pk]),
        {
            "number": "9",
            "text": "متن مصوبه",
            "lead": inspection.pk,
            "supporting": [police.pk],
            "recurrence": "continuous",
            "interval_unit": "month",
        },
    )
    assert response.status_code == 302
    made = Resolution.objects.get(meeting=meeting, number="9")
    assert {(a.organization_id, a.role) for a in made.assignments.all()} == {
        (inspection.pk, "lead"),
        (police.pk, "supporting"),
    }


def test_the_grouping_changes_what_is_shown_not_what_is_accepted(body, others):
    inactive = Organization.objects.get(name="سازمان منحل")
    form = AddAssignmentForm(
        {"organization": inactive.pk, "role": "supporting", "recurrence": "continuous"}, body=body
    )
    assert not form.is_valid() and "organization" in form.errors
    form = ResolutionForm(
        {"number": "1", "text": "متن", "lead": others[1].pk, "recurrence": "continuous"}, body=body
    )
    assert form.is_valid(), form.errors
    # Without a body (the API, a command) the list is the plain one, as before.
    assert [label for _value, label in ResolutionForm().fields["lead"].choices][1:] == sorted(
        Organization.objects.filter(is_active=True).values_list("name", flat=True)
    )


@pytest.fixture
def regions(neighbourhood, city, province):
    county = city.parent
    return {
        "county": county,
        "city": city,
        "neighbourhood": neighbourhood,
        "arabic": Region.objects.create(name="شهر ري", kind="city", code="IR-23-rey", parent=county),
    }


def test_the_region_options_say_where_each_lies_and_carry_their_search_keys(
    client_for, secretary, meeting, regions, province
):
    html = (
        client_for(secretary).get(reverse("meetings:resolution_create", args=[meeting.pk])).content.decode()
    )
    select = Selects(html).selects["target_regions"]
    assert select["attrs"]["data-picker"] == "regions" and "multiple" in select["attrs"]
    assert select["attrs"]["data-placeholder"] == fa("Type part of a region's name")
    options = {o["data-name"]: o for o in select["options"]}
    assert set(options) == {"شهرستان تهران", "تهران", "محله نمونه", "شهر ري"}  # no province
    place = options["محله نمونه"]
    assert place["data-where"] == "تهران، شهرستان تهران"
    assert place["text"] == "محله نمونه — تهران، شهرستان تهران"  # the list without a script tells them apart
    assert options["شهرستان تهران"]["data-where"] == "تهران"
    # The name as typed is kept; the key folds it (Arabic ي → ی).
    assert options["شهر ري"]["data-name"] == "شهر ري"
    assert options["شهر ري"]["data-name-key"] == search_key("شهر ری") == "شهر ری"
    assert options["شهر ري"]["data-key"] == search_key("شهر ری شهرستان تهران، تهران")
    assert "hamafza/picker.js" in html and "hamafza/picker.css" in html


def test_the_region_list_costs_one_query_however_many_regions(client_for, secretary, meeting, regions):
    """Every option shows its parent and grandparent: they come in the regions' own query, without
    boundaries, never one query per option."""
    client = client_for(secretary)
    url = reverse("meetings:resolution_create", args=[meeting.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    district = Region.objects.create(name="منطقه ۲۱", kind="district", code="D-21", parent=regions["city"])
    for n in range(40):
        Region.objects.create(name=f"محله {n}", kind="neighbourhood", code=f"N-x{n}", parent=district)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few)
    assert html.count('data-where="منطقه ۲۱، تهران"') == 40
    region_queries = [q["sql"] for q in many.captured_queries if '"places_region"' in q["sql"]]
    assert len(region_queries) == 1 and '"boundary"' not in region_queries[0]


def test_editing_a_resolution_shows_its_regions_chosen_and_saves_the_change(
    client_for, secretary, resolution, regions
):
    resolution.target_regions.set([regions["neighbourhood"]])
    client = client_for(secretary)
    url = reverse("meetings:resolution_edit", args=[resolution.pk])
    select = Selects(client.get(url).content.decode()).selects["target_regions"]
    chosen = [o["data-name"] for o in select["options"] if "selected" in o]
    assert chosen == ["محله نمونه"]
    response = client.post(
        url,
        {
            "number": resolution.number,
            "text": resolution.text,
            "target_regions": [regions["arabic"].pk, regions["county"].pk],
        },
    )
    assert response.status_code == 302
    assert set(resolution.target_regions.values_list("name", flat=True)) == {"شهر ري", "شهرستان تهران"}
    form = ResolutionEditForm(
        {"number": "1", "text": "x", "target_regions": [regions["city"].parent.parent.pk]}
    )
    assert not form.is_valid() and "target_regions" in form.errors  # a province is not a target region
