"""The atlas: harm categories, indicators and their values per neighbourhood and month, incidents, and
the summary table (neighbourhood × month × category) that every page reads instead of raw incidents.

Months are Jalali and stored as integers YYYYMM (140301 = Farvardin 1403).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HarmCategory(models.Model):
    """A kind of social harm or crime: addiction, divorce, theft, seal breaking (فک پلمب), …"""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("Persian name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_crime = models.BooleanField(_("recorded crime"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("harm category")
        verbose_name_plural = _("harm categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """What is measured per neighbourhood and month: a count, or a rate over a denominator."""

    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        RATE = "rate", _("Rate")

    class Denominator(models.TextChoices):
        POPULATION = "population", _("residents")
        HOUSEHOLDS = "households", _("households")
        PUPILS = "pupils", _("pupils")

    class Source(models.TextChoices):
        INCIDENTS = "incidents", _("Counted from incidents")
        REPORTED = "reported", _("Reported by an agency")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    category = models.ForeignKey(
        HarmCategory, verbose_name=_("harm category"), on_delete=models.PROTECT, related_name="indicators"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNT)
    denominator = models.CharField(_("per"), max_length=20, choices=Denominator.choices, blank=True)
    per = models.PositiveIntegerField(_("per how many"), default=10000, help_text=_("e.g. 10,000 residents"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.REPORTED)
    owner = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("reporting organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    higher_is_worse = models.BooleanField(_("a higher value is worse"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["category__order", "name"]

    def __str__(self) -> str:
        return self.name


class RegionYear(models.Model):
    """A neighbourhood's denominators in one Jalali year."""

    region = models.ForeignKey("places.Region", on_delete=models.CASCADE, related_name="denominators")
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    pupils = models.PositiveIntegerField(_("pupils"), null=True, blank=True)

    class Meta:
        verbose_name = _("denominators of a year")
        verbose_name_plural = _("denominators by year")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="regionyear_unique")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"


class DataBatch(models.Model):
    """One upload: values of indicators, or a file of incidents. Its hash makes a repeat harmless."""

    class Kind(models.TextChoices):
        VALUES = "values", _("Indicator values")
        INCIDENTS = "incidents", _("Incidents")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to="atlas/batches/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, help_text=_("[{line, reason}] for the rows that failed"))
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data upload")
        verbose_name_plural = _("data uploads")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name or f"#{self.pk}"


class IndicatorValue(models.Model):
    """The value of an indicator in one neighbourhood and month, as reported. A re-upload replaces it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    region = models.ForeignKey("places.Region", on_delete=models.CASCADE, related_name="indicator_values")
    month = models.PositiveIntegerField(_("Jalali month (YYYYMM)"))
    value = models.FloatField(_("value"))
    batch = models.ForeignKey(
        DataBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="values"
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "month"], name="indicatorvalue_unique")
        ]
        indexes = [models.Index(fields=["indicator", "month"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.month}: {self.value}"


class Incident(models.Model):
    """One recorded event. Pages never read these: imports keep IncidentSummary current.

    Built for bulk import (hamafza.atlas.imports): the primary key is the row's natural key, a signed
    64-bit hash (of the file's id column, or of date, category, place and occurrence), so a repeated
    row is refused by the one index the table has. The foreign keys have neither database constraints
    nor indexes: each would cost more than the insert itself on ten million rows, the importer only
    writes ids it has just looked up, and nothing reads incidents by region, category or batch except
    the summary rebuild, which scans the whole table anyway.
    """

    natural_key = models.BigIntegerField(primary_key=True)
    occurred_on = models.DateField()
    month = models.PositiveIntegerField()
    category = models.ForeignKey(
        HarmCategory, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    region = models.ForeignKey(
        "places.Region", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    batch = models.ForeignKey(
        DataBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.natural_key}"


class IncidentSummary(models.Model):
    """Incidents counted per neighbourhood, Jalali month and category (the analytics table)."""

    region = models.ForeignKey("places.Region", on_delete=models.CASCADE, related_name="+")
    month = models.PositiveIntegerField()
    category = models.ForeignKey(HarmCategory, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "month", "category"], name="incidentsummary_unique")
        ]
        # Covering: the map and the ranking read the counts of some categories over a period by index alone.
        indexes = [
            models.Index(fields=["category", "month", "region", "count"], name="atlas_summary_covering")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month} {self.category_id}: {self.count}"


class Assessment(models.Model):
    """A saved priority ranking of neighbourhoods; it may mark its top ones as target neighbourhoods."""

    class Method(models.TextChoices):
        TOPSIS = "topsis", _("TOPSIS")
        WEIGHTED_SUM = "weighted_sum", _("Weighted sum of normalised indicators")

    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        "places.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.PositiveIntegerField(_("from month (YYYYMM)"))
    period_end = models.PositiveIntegerField(_("to month (YYYYMM)"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, default=Method.TOPSIS)
    criteria = models.JSONField(
        _("indicators and weights"), default=list
    )  # [{"indicator": code, "weight": w}]
    ahp_matrix = models.JSONField(_("pairwise comparisons"), null=True, blank=True)
    consistency_ratio = models.FloatField(null=True, blank=True)
    results = models.JSONField(default=list)  # [{"region", "score", "rank", "contributions": {...}}]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    targets_marked = models.PositiveIntegerField(default=0)
    targets_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    targets_marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("priority assessment")
        verbose_name_plural = _("priority assessments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
