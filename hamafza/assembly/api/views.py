"""The assembly's API under /api/assembly/: assemblies and elections the user sees (404 for any other),
casting the ballot of the user's member NGO, a teller's entry of a paper ballot, and the results once
the user may see them. Every change is a call to the same service functions as the pages."""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hamafza.assembly import access
from hamafza.assembly.api import serializers as s
from hamafza.assembly.models import Assembly, Election, VoterRecord
from hamafza.assembly.services import ballots
from hamafza.assembly.services.common import FORBIDDEN_CODES, AssemblyError
from hamafza.meetings.api.base import ServiceErrorsMixin

REFUSED = OpenApiResponse(description=gettext_lazy("The rules do not allow this now; `detail` says why."))
FORBIDDEN = OpenApiResponse(description=gettext_lazy("You see this election but may not do this."))
NOT_FOUND = OpenApiResponse(description=gettext_lazy("No such object within your scope."))


class AssemblyErrorsMixin(ServiceErrorsMixin):
    def handle_exception(self, exc):
        if isinstance(exc, AssemblyError):
            code = exc.code or "invalid"
            return Response(
                {"detail": " ".join(exc.messages), "code": code},
                status=403 if code in FORBIDDEN_CODES else 400,
            )
        return super().handle_exception(exc)


class AssemblyViewSet(AssemblyErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """The assemblies the user takes part in or oversees."""

    queryset = Assembly.objects.none()
    serializer_class = s.AssemblySerializer
    ordering = ["name"]

    def get_queryset(self):
        return access.assemblies_for_user(self.request.user).select_related("body")


class ElectionViewSet(AssemblyErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """The elections of the assemblies the user sees, with their standing candidates."""

    queryset = Election.objects.none()
    serializer_class = s.ElectionSerializer
    ordering = ["-voting_starts_at", "-pk"]
    input_serializers = {"ballot": s.BallotInputSerializer, "paper_entries": s.PaperEntryInputSerializer}

    def get_queryset(self):
        return access.elections_for_user(self.request.user).select_related("assembly")

    @extend_schema(
        request=s.BallotInputSerializer,
        responses={201: s.ReceiptSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def ballot(self, request, pk=None):
        """Cast the ballot of the user's member NGO (its representative or substitute only). The answer
        holds the tracking code, once; blank or too many choices are accepted and counted as invalid."""
        election = self.get_object()
        member = access.ballot_member(request.user, election)
        if member is None:
            raise Http404
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        receipt = ballots.cast_ballot(
            election,
            member,
            by=request.user,
            choices=serializer.validated_data["choices"],
            channel=VoterRecord.Channel.API,
        )
        data = {
            "tracking_code": receipt.display_code,
            "fingerprint": receipt.fingerprint,
            "valid": not receipt.invalid_reason,
            "invalid_reason": receipt.invalid_reason,
        }
        response = Response(s.ReceiptSerializer(data).data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        request=s.PaperEntryInputSerializer,
        responses={200: s.PaperEntryResultSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="paper-entries", filter_backends=[])
    def paper_entries(self, request, pk=None):
        """A teller's reading of a paper ballot; the answer says whether it awaits a second teller, agrees
        (counted) or differs."""
        election = self.get_object()
        if not access.is_teller(request.user, election):
            raise Http404
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        state = ballots.enter_paper_ballot(
            election,
            by=request.user,
            paper_number=data["paper_number"],
            choices=data["choices"],
            spoiled=data["spoiled"],
        )
        return Response(
            s.PaperEntryResultSerializer({"paper_number": data["paper_number"], "state": state}).data
        )

    @extend_schema(responses={200: s.ResultsSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], filter_backends=[])
    def results(self, request, pk=None):
        """Votes per candidate, turnout and invalid ballots: for the secretariat, the viewers and the officials
        once counted, for everyone who sees the election once published."""
        election = self.get_object()
        if not access.can_see_results(request.user, election):
            raise Http404
        return Response(s.ResultsSerializer(election).data)
