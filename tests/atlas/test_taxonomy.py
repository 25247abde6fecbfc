"""The default taxonomy: loaded once, never overwriting the administrators' edits, which are audited."""

from hamafza.atlas.models import HarmCategory, Indicator
from hamafza.atlas.services.taxonomy import DEFAULT_CATEGORIES, DEFAULT_INDICATORS, ensure_taxonomy
from hamafza.audit.models import AuditEntry


def test_ensure_taxonomy_is_idempotent_and_keeps_edits(welfare, education):
    first = ensure_taxonomy(owners={"welfare": welfare})
    assert (first.categories_created, first.indicators_created) == (
        len(DEFAULT_CATEGORIES),
        len(DEFAULT_INDICATORS),
    )
    HarmCategory.objects.filter(code="theft").update(name="سرقت و کیف‌قاپی")
    Indicator.objects.filter(code="addiction_treatment_visits").update(per=100)
    again = ensure_taxonomy(owners={"welfare": welfare, "education": education})
    assert (again.categories_created, again.indicators_created) == (0, 0)
    # Only an owner that was missing is filled in: education's indicators had none.
    assert again.owners_set == 2
    assert ensure_taxonomy(owners={"welfare": welfare, "education": education}).owners_set == 0
    assert HarmCategory.objects.get(code="theft").name == "سرقت و کیف‌قاپی"
    assert Indicator.objects.get(code="addiction_treatment_visits").per == 100
    assert HarmCategory.objects.count() == len(DEFAULT_CATEGORIES)
    assert Indicator.objects.count() == len(DEFAULT_INDICATORS)


def test_default_indicators(welfare, education):
    ensure_taxonomy(owners={"welfare": welfare, "education": education})
    names = dict(HarmCategory.objects.values_list("code", "name"))
    assert names["seal_breaking"] == "فک پلمب" and names["sidewalk_obstruction"] == "سد معبر"
    for code, _name, _en, is_crime in DEFAULT_CATEGORIES:
        assert Indicator.objects.filter(code=f"{code}_count", kind="count", source="incidents").exists()
        rate = Indicator.objects.filter(code=f"{code}_rate").first()
        assert (rate is not None) == (is_crime or code in ("divorce", "school_dropout"))
        if is_crime:
            assert (rate.kind, rate.denominator, rate.per) == ("rate", "population", 10_000)
    rates = Indicator.objects.filter(code__in=["divorce_rate", "school_dropout_rate"]).order_by("code")
    assert [(i.denominator, i.per) for i in rates] == [("households", 1_000), ("pupils", 1_000)]
    visits = Indicator.objects.get(name="تعداد مراجعه به مراکز ترک اعتیاد")
    dropouts = Indicator.objects.get(name="موارد ترک تحصیل")
    assert (visits.source, visits.owner, dropouts.owner) == ("reported", welfare, education)


def test_admin_edits_of_the_taxonomy_are_audited(admin, client_for):
    ensure_taxonomy()
    category = HarmCategory.objects.get(code="theft")
    response = client_for(admin).post(
        f"/admin/atlas/harmcategory/{category.pk}/change/",
        {
            "code": "theft",
            "name": "سرقت",
            "name_en": "Theft and robbery",
            "parent": "",
            "is_crime": "on",
            "is_active": "on",
            "order": "6",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="harmcategory.update")
    assert (entry.actor, entry.changes) == (admin, {"name_en": ["Theft", "Theft and robbery"]})
    page = client_for(admin).get("/admin/atlas/indicator/")
    assert page.status_code == 200
