"""What the assembly's API reads and writes. No serializer of a ballot exists: no endpoint shows one."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hamafza.assembly.models import Assembly, Candidate, Election, ResultLine


class AssemblySerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.name", read_only=True)
    body_id = serializers.IntegerField(read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Assembly
        fields = ["id", "name", "body_id", "body", "description", "members"]

    def get_members(self, assembly) -> int:
        return assembly.members.filter(is_active=True).count()


class CandidateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.organization.name", read_only=True)
    region = serializers.CharField(source="member.organization.region.name", read_only=True)
    organization_id = serializers.IntegerField(source="member.organization_id", read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "name", "region", "organization_id", "programme"]


class ElectionSerializer(serializers.ModelSerializer):
    assembly = serializers.CharField(source="assembly.name", read_only=True)
    candidates = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = [
            "id",
            "assembly_id",
            "assembly",
            "title",
            "state",
            "seats",
            "max_choices",
            "substitutes",
            "tie_rule",
            "voting_starts_at",
            "voting_ends_at",
            "runoff_of_id",
            "candidates",
        ]

    def get_candidates(self, election) -> list[dict]:
        standing = election.candidates.filter(state=Candidate.State.STANDING).select_related(
            "member__organization__region"
        )
        return CandidateSerializer(standing, many=True).data


class BallotInputSerializer(serializers.Serializer):
    choices = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, help_text=_("The ids of the candidates marked.")
    )


class ReceiptSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(help_text=_("Shown once: it is kept nowhere."))
    fingerprint = serializers.CharField(help_text=_("How the ballot appears on the published list."))
    valid = serializers.BooleanField()
    invalid_reason = serializers.CharField(allow_blank=True)


class PaperEntryInputSerializer(serializers.Serializer):
    paper_number = serializers.IntegerField(min_value=1, max_value=999_999)
    choices = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, required=False, default=list
    )
    spoiled = serializers.BooleanField(required=False, default=False)


class PaperEntryResultSerializer(serializers.Serializer):
    paper_number = serializers.IntegerField()
    state = serializers.CharField(
        help_text=_("waiting: awaits a second teller; disagree: the readings differ; counted: they agree.")
    )


class ResultLineSerializer(serializers.ModelSerializer):
    candidate = serializers.IntegerField(source="candidate_id")
    name = serializers.CharField(source="candidate.member.organization.name")

    class Meta:
        model = ResultLine
        fields = ["candidate", "name", "votes", "rank", "outcome"]


class ResultsSerializer(serializers.ModelSerializer):
    lines = serializers.SerializerMethodField()
    turnout = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Election
        fields = [
            "id",
            "state",
            "eligible_count",
            "voters_count",
            "turnout",
            "ballots_count",
            "valid_count",
            "blank_count",
            "overvote_count",
            "spoiled_count",
            "lines",
        ]

    def get_lines(self, election) -> list[dict]:
        lines = ResultLine.objects.filter(election=election).select_related("candidate__member__organization")
        return ResultLineSerializer(lines, many=True).data
