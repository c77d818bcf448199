"""API input and output for people, training records, exemptions and readiness. Input
serializers parse types only; the rules are the services' (their DomainError becomes
{field: [message]})."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certification.enums import (
    CODE_OF_ETHICS_CURRENT_VERSION,
    Course,
    EmploymentStatus,
    ExemptionDocumentKind,
)
from certification.limits import (
    EXEMPTION_REASON_MAX_LENGTH,
    REPLACEMENT_REASON_MAX_LENGTH,
    max_length,
)
from certification.models import CodeOfEthicsSignature, Person, TrainingExemption, TrainingRecord
from certification.selectors import organization_of, training_status
from cor_portal.access import visible
from cor_portal.accounts.models import User


class TrainingRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingRecord
        fields = ["id", "person", "course", "completed_on", "provider", "exemption"]
        read_only_fields = fields


@extend_schema_field({"type": "string", "anyOf": [{"format": "email"}, {"maxLength": 0}]})
class _OptionalEmailField(serializers.CharField):
    """An e-mail address, or "" for a person recorded without one (the schema says both)."""


class PersonSerializer(serializers.ModelSerializer):
    training_records = TrainingRecordSerializer(many=True, read_only=True)
    email = _OptionalEmailField(read_only=True)
    missing_courses = serializers.SerializerMethodField()
    signed_current_code_of_ethics = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "organization",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "is_smr",
            "is_internal_auditor",
            "employment_status",
            "user",
            "active",
            "ended_on",
            "replaced_by",
            "training_records",
            "missing_courses",
            "signed_current_code_of_ethics",
        ]
        read_only_fields = fields

    def get_missing_courses(self, person) -> list[str]:
        return list(training_status(person).missing)

    def get_signed_current_code_of_ethics(self, person) -> bool:
        signatures = getattr(person, "current_ethics_signatures", None)
        if signatures is None:
            return person.ethics_signatures.filter(version=CODE_OF_ETHICS_CURRENT_VERSION).exists()
        return bool(signatures)


@extend_schema_field(OpenApiTypes.INT)
class _MemberField(serializers.PrimaryKeyRelatedField):
    """A login of the requesting user's own organization (others look nonexistent)."""

    def get_queryset(self):
        request = self.context.get("request")
        organization = organization_of(request.user) if request else None
        return User.objects.filter(membership__organization=organization)


class PersonInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=max_length(Person, "first_name"))
    last_name = serializers.CharField(max_length=max_length(Person, "last_name"))
    email = serializers.EmailField(
        max_length=max_length(Person, "email"), required=False, allow_blank=True, default=""
    )
    job_title = serializers.CharField(
        max_length=max_length(Person, "job_title"), required=False, allow_blank=True, default=""
    )
    is_smr = serializers.BooleanField(required=False, default=False)
    is_internal_auditor = serializers.BooleanField(required=False, default=False)
    employment_status = serializers.ChoiceField(choices=EmploymentStatus.choices)
    user = _MemberField(required=False, allow_null=True, default=None)


class ReplaceInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REPLACEMENT_REASON_MAX_LENGTH)
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    replacement = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="An existing person's id."
    )
    new_person = PersonInputSerializer(required=False, allow_null=True, default=None)


class EthicsSignInputSerializer(serializers.Serializer):
    signed_name = serializers.CharField(max_length=max_length(CodeOfEthicsSignature, "signed_name"))


@extend_schema_field(OpenApiTypes.INT)
class _VisiblePersonField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return visible(Person, request.user) if request else Person.objects.none()


class TrainingRecordCreateSerializer(serializers.Serializer):
    person = _VisiblePersonField()
    course = serializers.ChoiceField(choices=Course.choices)
    completed_on = serializers.DateField()
    provider = serializers.CharField(
        max_length=max_length(TrainingRecord, "provider"), required=False, default="IHSA"
    )


class TrainingRecordUpdateSerializer(serializers.Serializer):
    completed_on = serializers.DateField(required=False)
    provider = serializers.CharField(
        max_length=max_length(TrainingRecord, "provider"), required=False
    )


class TrainingExemptionSerializer(serializers.ModelSerializer):
    transcript_url = serializers.SerializerMethodField()
    course_outline_url = serializers.SerializerMethodField()

    class Meta:
        model = TrainingExemption
        fields = [
            "id",
            "person",
            "course",
            "provider",
            "provider_course_title",
            "completed_on",
            "requested_on",
            "status",
            "requested_by",
            "decided_by",
            "decided_at",
            "decision_reason",
            "transcript_name",
            "course_outline_name",
            "transcript_url",
            "course_outline_url",
        ]
        read_only_fields = fields

    def get_transcript_url(self, exemption) -> str:
        return reverse("trainingexemption-transcript", args=[exemption.pk])

    def get_course_outline_url(self, exemption) -> str:
        return reverse("trainingexemption-course-outline", args=[exemption.pk])


class ExemptionCreateSerializer(serializers.Serializer):
    person = _VisiblePersonField()
    # Every course is accepted here so the service can say which ones may be exempted.
    course = serializers.ChoiceField(choices=Course.choices)
    provider = serializers.CharField(max_length=max_length(TrainingExemption, "provider"))
    provider_course_title = serializers.CharField(
        max_length=max_length(TrainingExemption, "provider_course_title")
    )
    completed_on = serializers.DateField()
    transcript = serializers.FileField()
    transcript_kind = serializers.ChoiceField(
        choices=ExemptionDocumentKind.choices, default=ExemptionDocumentKind.TRANSCRIPT
    )
    course_outline = serializers.FileField()
    course_outline_kind = serializers.ChoiceField(
        choices=ExemptionDocumentKind.choices, default=ExemptionDocumentKind.COURSE_OUTLINE
    )


class ExemptionDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "refuse"])
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=EXEMPTION_REASON_MAX_LENGTH
    )


class CheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    met = serializers.BooleanField()
    text = serializers.CharField()
    details = serializers.ListField(child=serializers.CharField())


class ReadinessSerializer(serializers.Serializer):
    wsib_account = serializers.IntegerField(source="account.pk")
    account_number = serializers.CharField(source="account.account_number")
    ready = serializers.BooleanField()
    checks = CheckSerializer(many=True)
