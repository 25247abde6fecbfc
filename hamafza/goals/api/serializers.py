"""How programmes, goals, measures, reports and reviews look in the API."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hamafza.goals.models import Programme, QuarterReport, ReviewFigure, YearEndReview
from hamafza.goals.services import progress
from hamafza.goals.services.overview import GoalView, MeasureView
from hamafza.lib import limits
from hamafza.meetings.api.base import jalali
from hamafza.orgs.api import OrganizationRefSerializer
from hamafza.places.api import RegionRefSerializer

STATE_CHOICES = list(progress.STATES.items())


class GoalStateCountsSerializer(serializers.Serializer):
    met = serializers.IntegerField()
    on_track = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    behind = serializers.IntegerField()
    no_data = serializers.IntegerField()


class ProgrammeSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    region = RegionRefSerializer(read_only=True, allow_null=True, help_text=_("Empty: the whole country."))
    goal_states = serializers.SerializerMethodField(help_text=_("How many goals are in each state."))

    class Meta:
        model = Programme
        fields = [
            "id",
            "organization",
            "year",
            "title",
            "region",
            "adopts",
            "state",
            "activated_at",
            "goal_states",
        ]

    @extend_schema_field(GoalStateCountsSerializer)
    def get_goal_states(self, programme) -> dict:
        counts = self.context.get("counts", {})
        return counts.get(programme.pk, {})


class MeasureProgressSerializer(serializers.Serializer):
    """A measure with its latest value and its state."""

    id = serializers.IntegerField(source="measure.pk")
    name = serializers.CharField(source="measure.name")
    source = serializers.CharField(source="measure.source")
    source_text = serializers.CharField()
    indicator = serializers.CharField(source="measure.indicator.code", allow_null=True, default=None)
    body = serializers.IntegerField(source="measure.body_id", allow_null=True)
    figure = serializers.CharField(source="measure.figure")
    unit = serializers.CharField(source="measure.unit")
    aggregation = serializers.CharField(source="measure.aggregation")
    direction = serializers.CharField(source="measure.direction")
    baseline = serializers.FloatField(source="measure.baseline")
    target = serializers.FloatField(source="measure.target")
    value = serializers.FloatField(source="measure.value", allow_null=True)
    value_as_of = serializers.DateField(source="measure.value_as_of", allow_null=True)
    value_as_of_jalali = serializers.SerializerMethodField()
    expected = serializers.FloatField(source="assessment.expected", allow_null=True)
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    explanation = serializers.CharField()
    adopted_from = serializers.IntegerField(source="measure.adopted_from_id", allow_null=True)

    def get_value_as_of_jalali(self, view: MeasureView) -> str | None:
        return jalali(view.measure.value_as_of)


class GoalProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="goal.pk")
    number = serializers.IntegerField(source="goal.number")
    title = serializers.CharField(source="goal.title")
    description = serializers.CharField(source="goal.description")
    owner = serializers.CharField(source="goal.owner.username", allow_null=True, default=None)
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    adopted_from = serializers.IntegerField(source="goal.adopted_from_id", allow_null=True)
    carried_from = serializers.IntegerField(source="goal.carried_from_id", allow_null=True)
    review_state = serializers.SerializerMethodField()
    measures = MeasureProgressSerializer(many=True)

    def get_review_state(self, view: GoalView) -> str | None:
        return view.review.state if view.review is not None else None


class ProgrammeDetailSerializer(ProgrammeSerializer):
    goals = serializers.SerializerMethodField()

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "description", "goals"]

    @extend_schema_field(GoalProgressSerializer(many=True))
    def get_goals(self, programme) -> list:
        return GoalProgressSerializer(self.context["overview"].goals, many=True).data


class AdoptionGoalSerializer(serializers.Serializer):
    goal = serializers.IntegerField(source="goal.goal.pk")
    state = serializers.ChoiceField(source="goal.state", choices=STATE_CHOICES)
    measures = serializers.SerializerMethodField()

    def get_measures(self, cell) -> list[dict]:
        return [
            {"id": mv.measure.pk, "value": mv.measure.value, "target": mv.measure.target, "state": mv.state}
            for mv in cell.goal.measures
        ]


class AdoptionRowSerializer(serializers.Serializer):
    programme = serializers.IntegerField(source="programme.pk")
    organization = OrganizationRefSerializer(source="programme.organization")
    state = serializers.CharField(source="programme.state")
    goal_states = GoalStateCountsSerializer(source="counts")
    goals = serializers.SerializerMethodField(
        help_text=_("The upper programme's goals, in order; null where absent.")
    )
    own_goals = serializers.SerializerMethodField()

    def get_goals(self, row) -> list:
        return [AdoptionGoalSerializer(cell).data if cell.goal else None for cell in row.cells]

    def get_own_goals(self, row) -> list[dict]:
        return [{"id": g.goal.pk, "title": g.goal.title, "state": g.state} for g in row.own_goals]


class QuarterReportSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="measure.goal.programme_id", read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = QuarterReport
        fields = [
            "id",
            "programme",
            "measure",
            "quarter",
            "value",
            "narrative",
            "state",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "files",
        ]

    def get_files(self, report) -> list[dict]:
        return [
            {"name": f.original_name, "size": f.size, "url": reverse("goals:report_file", args=[f.pk])}
            for f in report.files.all()
        ]


class QuarterReportCreateSerializer(serializers.Serializer):
    measure = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    value = serializers.FloatField()
    narrative = serializers.CharField(max_length=limits.LONG_TEXT)


class ReviewFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewFigure
        fields = ["measure", "achieved"]


class YearEndReviewSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="goal.programme_id", read_only=True)
    figures = ReviewFigureSerializer(many=True, read_only=True)

    class Meta:
        model = YearEndReview
        fields = [
            "id",
            "programme",
            "goal",
            "state",
            "achieved",
            "strengths",
            "weaknesses",
            "causes",
            "proposal",
            "figures",
            "submitted_at",
            "reviewed_at",
            "review_comment",
        ]
