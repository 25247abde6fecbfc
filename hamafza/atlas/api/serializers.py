"""How harm categories, indicators and the summary table look in the API."""

from rest_framework import serializers

from hamafza.atlas.models import HarmCategory, IncidentSummary, Indicator


class HarmCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = HarmCategory
        fields = ["id", "code", "name", "name_en", "parent", "is_crime", "is_active", "order"]


class IndicatorSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "category",
            "kind",
            "denominator",
            "per",
            "source",
            "owner",
            "higher_is_worse",
            "is_active",
        ]


class IncidentSummarySerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = IncidentSummary
        fields = ["region", "month", "category", "count"]
