"""POST /api/token/: a user's API token for the user name and password, and, for a user with two-factor
sign-in on, the authenticator's code (or a backup code) in `otp`. A wrong code counts as a failed login
for django-axes, as a wrong password does."""

from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken

from hamafza.accounts.services import two_factor


class TokenRequestSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        label=_("Two-factor code"),
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=_(
            "Required when the user has two-factor sign-in on: the authenticator's code or a backup code."
        ),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = attrs["user"]
        if two_factor.is_enabled(user):
            code = attrs.get("otp") or ""
            if not code.strip():
                raise serializers.ValidationError(
                    {
                        "otp": [
                            _("This user signs in with two-factor: send the authenticator's code in «otp».")
                        ]
                    },
                    code="otp_required",
                )
            try:
                two_factor.verify(user, code)
            except two_factor.CodeRefused as refused:
                request = self.context["request"]
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=getattr(request, "_request", request),
                )
                message = _("The two-factor code is not right.")
                if refused.wait:
                    message = _("Too many wrong codes in a row: wait a few seconds and try again.")
                raise serializers.ValidationError({"otp": [message]}, code="otp_invalid") from None
        elif two_factor.required_for(user):
            raise serializers.ValidationError(
                {"otp": [_("Turn on two-factor sign-in on your account page first.")]}, code="otp_not_set_up"
            )
        return attrs


class ObtainTokenView(ObtainAuthToken):
    serializer_class = TokenRequestSerializer


obtain_token = ObtainTokenView.as_view()
