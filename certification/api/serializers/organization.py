"""API serializers. They validate shapes with the same validators as the page forms; the
services decide whether a change is allowed."""

from django.urls import reverse
from rest_framework import serializers

from certification.enums import RegistrationStatus
from certification.limits import REREGISTRATION_REASON_MAX_LENGTH, WSIB_NUMBER_INPUT_MAX_LENGTH
from certification.models import Organization, Registration, WsibAccount
from certification.programs import ACCOUNT_NUMBER_MAX_DIGITS, AccountNumberFormat
from certification.services.organization import ORGANIZATION_FACT_FIELDS
from certification.services.registration import REGISTRATION_FACT_FIELDS
from certification.validators import wsib_number_problem
from cor_portal.access import visible

# The shape every program's numbers share (digits only, at most 12); the organization's
# program's own format (WSIB: exactly 7; WCB: 7 to 9) is the service's check, same message.
_ANY_PROGRAM = AccountNumberFormat(label="", min_digits=1, max_digits=ACCOUNT_NUMBER_MAX_DIGITS)


def _wsib_number(value: str) -> str:
    problem = wsib_number_problem(value, _ANY_PROGRAM)
    if problem:
        raise serializers.ValidationError(problem)
    return value


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", *ORGANIZATION_FACT_FIELDS, "created_at"]
        read_only_fields = ["id", "created_at"]


class WsibAccountSerializer(serializers.ModelSerializer):
    # Declared explicitly: no automatic UniqueValidator (its message would differ from the
    # page's, and the service checks uniqueness without naming the other organization).
    account_number = serializers.CharField(
        max_length=WSIB_NUMBER_INPUT_MAX_LENGTH, trim_whitespace=False, validators=[_wsib_number]
    )
    firm_number = serializers.CharField(
        max_length=WSIB_NUMBER_INPUT_MAX_LENGTH, trim_whitespace=False, validators=[_wsib_number]
    )
    organization = serializers.PrimaryKeyRelatedField(read_only=True)
    organization_name = serializers.CharField(source="organization.legal_name", read_only=True)
    # "WSIB", "WCB"…: the organization's program's name of the account.
    account_label = serializers.CharField(source="organization.account_label", read_only=True)

    class Meta:
        model = WsibAccount
        fields = [
            "id",
            "organization",
            "organization_name",
            "account_label",
            "account_number",
            "firm_number",
            "ohsms_in_place_since",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class RegistrationSerializer(serializers.ModelSerializer):
    wsib_account = serializers.PrimaryKeyRelatedField(queryset=WsibAccount.objects.none())
    account_number = serializers.CharField(source="wsib_account.account_number", read_only=True)
    confirmation_letter_url = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "wsib_account",
            "account_number",
            "status",
            *REGISTRATION_FACT_FIELDS,
            "created_at",
            "submitted_at",
            "received_on",
            "reregistration_reason",
            "confirmed_at",
            "recertification_of",
            "confirmation_letter_url",
        ]
        # recertification_of: the certificate whose recertification this application is
        # for (the service sets it when an account already in the program re-registers).
        read_only_fields = [
            "id",
            "status",
            "created_at",
            "submitted_at",
            "received_on",
            "reregistration_reason",
            "confirmed_at",
            "recertification_of",
        ]
        # The service refuses a second registration in flight with a message on the
        # wsib_account field; DRF's generated validator would say it under non_field_errors.
        validators: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        field = self.fields["wsib_account"]
        if self.instance is not None:
            field.read_only = True  # a registration stays with its account
        elif request is not None:
            # Only accounts the caller may see: another organization's id reads as unknown.
            field.queryset = visible(WsibAccount, request.user)

    def get_confirmation_letter_url(self, obj: Registration) -> str | None:
        if obj.status != RegistrationStatus.CONFIRMED:
            return None
        path = reverse("registration_confirmation_letter", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REREGISTRATION_REASON_MAX_LENGTH,
        error_messages={
            "required": "Say what was wrong so the organization can correct it.",
            "blank": "Say what was wrong so the organization can correct it.",
        },
    )
