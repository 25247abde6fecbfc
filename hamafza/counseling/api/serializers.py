"""What the counselling API shows: cases without any personal data, and figures (numbers only)."""

from rest_framework import serializers

from hamafza.counseling.models import Case, CaseSession, Party


class PartySerializer(serializers.ModelSerializer):
    """A party as minimal data: names and national IDs are never in the API."""

    class Meta:
        model = Party
        fields = ["id", "role", "sex", "age_band"]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseSession
        fields = ["id", "held_on", "counsellor", "duration_minutes", "notes"]


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "station",
            "opened_on",
            "channel",
            "kind",
            "harm_category",
            "outcome",
            "closed_on",
            "days_to_close",
        ]


class CaseDetailSerializer(CaseSerializer):
    parties = PartySerializer(many=True, read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "summary", "parties", "sessions"]


class SummarySerializer(serializers.Serializer):
    opened = serializers.IntegerField()
    closed = serializers.IntegerField()
    reconciled = serializers.IntegerField()
    partly = serializers.IntegerField()
    referred = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    median_days = serializers.FloatField(allow_null=True)


class RowSerializer(serializers.Serializer):
    key = serializers.IntegerField()
    label = serializers.CharField()
    now = SummarySerializer()
    before = SummarySerializer()


class FiguresSerializer(serializers.Serializer):
    level = serializers.CharField()
    unit = serializers.IntegerField(allow_null=True)
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    total = RowSerializer()
    units = RowSerializer(many=True)
    stations = RowSerializer(many=True)
    months = RowSerializer(many=True)
    kinds = RowSerializer(many=True)
