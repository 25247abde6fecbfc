"""The API's minutes reader: a file or text in, the extracted draft out; nothing is written."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from hamafza.lib import limits
from hamafza.meetings.services.imports import ImportRefused, read_upload
from hamafza.minutes.extract import extract_text


class MinutesSourceSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="Minutes as .docx, .pdf or .txt")
    text = serializers.CharField(
        max_length=limits.PASTED_MINUTES,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Pasted text",
    )

    def validate(self, attrs):
        if not attrs.get("file") and not (attrs.get("text") or "").strip():
            raise serializers.ValidationError("file or text is required")
        return attrs


class MinutesExtractView(APIView):
    """Read minutes and return the draft (date, body, session, resolutions with responsible and deadline)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": MinutesSourceSerializer, "application/json": MinutesSourceSerializer},
        responses={
            200: OpenApiResponse(description="The draft, in the format of the development corpus"),
            400: None,
        },
    )
    def post(self, request):
        source = MinutesSourceSerializer(data=request.data)
        source.is_valid(raise_exception=True)
        upload = source.validated_data.get("file")
        try:
            if upload is not None:
                text = read_upload(upload.read(), upload.name, None)
            else:
                text = read_upload(None, None, source.validated_data["text"])
        except ImportRefused as error:
            return Response(
                {"detail": error.messages[0], "code": error.code}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(extract_text(text).to_json())
