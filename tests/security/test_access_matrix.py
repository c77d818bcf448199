"""The access matrix: every page, API endpoint and download of the URL configuration × every
role × the own and the other organization's object, against one table of expected answers.

How to read TABLE: the key is the route exactly as the URL configuration spells it (prefixes
joined, DRF router routes included); each row says the method sent (GET for pages, lists and
downloads; an empty POST, PATCH or DELETE for actions that serve nothing else), the path with
placeholders filled from tests/security/matrix.py's world, and the answers in ROLES order:

    smr  ia  viewer  outsider  ext_auditor  ext_assigned  reviewer  assigned  lead  manager
    director  admin  anon

A path with an organization's object has an `own` row (the cast's organization) and an `other`
row (the second organization, whose SMR is the outsider); any other path has one `any` row.
"login" is a redirect to the login page; 401 is the API's answer to an anonymous caller; 400
on an empty POST is a validation error (access passed, nothing changed); 405 a method the
route does not serve. A route with no row fails the test, so does a row whose route is gone:
add a row (or an EXCLUDED entry with its reason) with every new URL.

Staff MFA (REQUIRE_STAFF_MFA) is off here, as in the other tests; tests/security/
test_staff_mfa_api.py and tests/accounts/test_mfa_admin_home.py cover it. Two external
auditors: `ext_assigned` accepted the own side's engagement (its account "done": the
account, its audits, evidence and CAPs, the engagement and its plan); `ext_auditor` is
assigned nothing — every organization's object answers it 404."""

from dataclasses import dataclass

import pytest

from tests.security.matrix import ROLES, build_world, format_suffix_base, observe, routes


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    any: str = ""
    own: str = ""
    other: str = ""

    def expected(self) -> dict[str, tuple]:
        cells = {"any": self.any, "own": self.own, "other": self.other}
        return {
            variant: tuple(int(c) if c.isdigit() else c for c in text.split())
            for variant, text in cells.items()
            if text
        }


# Routes not in the matrix, each with its reason (a prefix ends with "*").
EXCLUDED = {
    "admin/*": "Django admin: staff-only by Django's own check; containment of administrators "
    "is tested in tests/security/test_admin_containment.py",
    "healthz": "public by nature (load balancer probe); tests/security/test_smaller_findings.py",
    "i18n/setlang/": "public by nature (language switch)",
    "api/schema/": "the OpenAPI schema, public documentation of the API",
    "api/docs/": "Swagger UI over the schema, public documentation",
    "accounts/login/": "allauth: public by nature",
    "accounts/logout/": "allauth: public by nature",
    "accounts/inactive/": "allauth: public by nature",
    "accounts/signup/": "allauth: public by nature",
    "accounts/confirm-email/": "allauth: public by nature (e-mail verification)",
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "allauth: public by nature (key in the link)",
    "accounts/password/reset/": "allauth: public by nature",
    "accounts/password/reset/done/": "allauth: public by nature",
    "accounts/password/reset/key/done/": "allauth: public by nature",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": "allauth: public by "
    "nature (key in the link)",
    "accounts/login/code/confirm/": "allauth: public by nature (second step of a login)",
    "accounts/2fa/authenticate/": "allauth: public by nature (second step of a login)",
}

TABLE = {
    "": Row(
        "GET",
        "/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "accounts/me/": Row(
        "GET",
        "/accounts/me/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "accounts/staff-invitations/<str:token>/": Row(
        "GET",
        "/accounts/staff-invitations/{staff_invitation_token}/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   200",
    ),
    "accounts/email/": Row(
        "GET",
        "/accounts/email/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "accounts/password/change/": Row(
        "GET",
        "/accounts/password/change/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "accounts/2fa/": Row(
        "GET",
        "/accounts/2fa/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "accounts/2fa/totp/activate/": Row(
        "GET",
        "/accounts/2fa/totp/activate/",
        any="  302   302   302   302   302   302   302   302   302   302   302   302 login",
    ),
    "accounts/2fa/recovery-codes/": Row(
        "GET",
        "/accounts/2fa/recovery-codes/",
        any="  404   404   404   404   404   404   404   404   404   404   404   404 login",
    ),
    "staff/invite/": Row(
        "GET",
        "/staff/invite/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200 login",
    ),
    "staff/invitations/<int:pk>/revoke/": Row(
        "POST",
        "/staff/invitations/{staff_invitation}/revoke/",
        any="  403   403   403   403   403   403   403   403   403   403   403   302 login",
    ),
    "inbox/": Row(
        "GET",
        "/inbox/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "inbox/<int:pk>/read/": Row(
        "POST",
        "/inbox/{message}/read/",
        own="  302   404   404   404   404   404   404   404   404   404   404   404 login",
        other="  404   404   404   302   404   404   404   404   404   404   404   404 login",
    ),
    "deadlines/": Row(
        "GET",
        "/deadlines/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "deadlines/next/": Row(
        "GET",
        "/deadlines/next/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "deadlines/calendar/": Row(
        "GET",
        "/deadlines/calendar/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "deadlines/closures/": Row(
        "GET",
        "/deadlines/closures/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200 login",
    ),
    "calendar/<str:token>.ics": Row(
        "GET",
        "/calendar/{feed}.ics",
        own="  200   200   200   200   200   200   200   200   200   200   200   200   200",
        other="  200   200   200   200   200   200   200   200   200   200   200   200   200",
    ),
    "organization/create/": Row(
        "GET",
        "/organization/create/",
        any="  302   302   302   302   403   403   403   403   403   403   403   403 login",
    ),
    "organization/members/": Row(
        "GET",
        "/organization/members/",
        any="  200   200   200   200   404   404   404   404   404   404   404   404 login",
    ),
    "organization/members/invite/": Row(
        "POST",
        "/organization/members/invite/",
        any="  400   403   403   400   404   404   404   404   404   404   404   404 login",
    ),
    "organization/members/<int:pk>/role/": Row(
        "POST",
        "/organization/members/{membership}/role/",
        own="  302   302   302   404   404   404   404   404   404   404   404   404 login",
        other="  404   404   404   302   404   404   404   404   404   404   404   404 login",
    ),
    "organization/members/<int:pk>/remove/": Row(
        "POST",
        "/organization/members/{membership}/remove/",
        own="  302   403   403   404   404   404   404   404   404   404   404   404 login",
        other="  404   404   404   302   404   404   404   404   404   404   404   404 login",
    ),
    "organization/invitations/<int:pk>/revoke/": Row(
        "POST",
        "/organization/invitations/{invitation}/revoke/",
        own="  302   403   403   404   404   404   404   404   404   404   404   404 login",
        other="  404   404   404   302   404   404   404   404   404   404   404   404 login",
    ),
    "invitations/<str:token>/": Row(
        "GET",
        "/invitations/{invitation_token}/",
        own="  200   200   200   200   200   200   200   200   200   200   200   200   200",
        other="  200   200   200   200   200   200   200   200   200   200   200   200   200",
    ),
    "organization/": Row(
        "GET",
        "/organization/",
        any="  200   200   200   200   404   404   404   404   404   404   404   404 login",
    ),
    "organizations/<int:pk>/": Row(
        "GET",
        "/organizations/{org}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "organization/edit/": Row(
        "GET",
        "/organization/edit/",
        any="  200   403   403   200   404   404   404   404   404   404   404   404 login",
    ),
    "wsib-accounts/": Row(
        "GET",
        "/wsib-accounts/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "wsib-accounts/add/": Row(
        "GET",
        "/wsib-accounts/add/",
        any="  200   403   403   200   403   403   403   403   403   403   403   403 login",
    ),
    "wsib-accounts/<int:pk>/": Row(
        "GET",
        "/wsib-accounts/{wsib}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "wsib-accounts/<int:pk>/edit/": Row(
        "GET",
        "/wsib-accounts/{wsib}/edit/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "wsib-accounts/<int:account_pk>/register/": Row(
        "GET",
        "/wsib-accounts/{wsib}/register/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "registrations/queue/": Row(
        "GET",
        "/registrations/queue/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "registrations/<int:pk>/": Row(
        "GET",
        "/registrations/{registration}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "registrations/<int:pk>/edit/": Row(
        "GET",
        "/registrations/{registration}/edit/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "registrations/<int:pk>/submit/": Row(
        "GET",
        "/registrations/{registration}/submit/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "registrations/<int:pk>/confirm/": Row(
        "POST",
        "/registrations/{registration}/confirm/",
        own="  403   403   403   404   404   404   403   403   403   403   403   302 login",
        other="  404   404   404   403   404   404   403   403   403   403   403   302 login",
    ),
    "registrations/<int:pk>/request-reregistration/": Row(
        "GET",
        "/registrations/{confirmed}/request-reregistration/",
        own="  403   403   403   404   404   404   403   403   403   403   403   200 login",
        other="  404   404   404   403   404   404   403   403   403   403   403   200 login",
    ),
    "registrations/<int:pk>/confirmation-letter.pdf": Row(
        "GET",
        "/registrations/{confirmed}/confirmation-letter.pdf",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "people/": Row(
        "GET",
        "/people/",
        any="  200   200   200   200   403   403   200   200   200   200   200   200 login",
    ),
    "people/add/": Row(
        "GET",
        "/people/add/",
        any="  200   403   403   200   403   403   403   403   403   403   403   403 login",
    ),
    "people/<int:pk>/": Row(
        "GET",
        "/people/{person}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "people/<int:pk>/edit/": Row(
        "GET",
        "/people/{person}/edit/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "people/<int:pk>/replace/": Row(
        "GET",
        "/people/{person}/replace/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "people/<int:pk>/code-of-ethics/": Row(
        "GET",
        "/people/{person}/code-of-ethics/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "code-of-ethics/": Row(
        "GET",
        "/code-of-ethics/",
        any="  302   302   403   302   200   200   200   200   200   200   200   200 login",
    ),
    "people/<int:pk>/training/add/": Row(
        "GET",
        "/people/{person}/training/add/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "people/<int:pk>/exemptions/request/": Row(
        "GET",
        "/people/{person}/exemptions/request/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "training-records/<int:pk>/edit/": Row(
        "GET",
        "/training-records/{training}/edit/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "training-records/<int:pk>/remove/": Row(
        "POST",
        "/training-records/{training}/remove/",
        own="  302   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   302   404   404   403   403   403   403   403   403 login",
    ),
    "exemptions/": Row(
        "GET",
        "/exemptions/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "exemptions/<int:pk>/": Row(
        "GET",
        "/exemptions/{exemption}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "exemptions/<int:pk>/decide/": Row(
        "POST",
        "/exemptions/{exemption}/decide/",
        own="  403   403   403   404   404   404   400   400   400   400   400   400 login",
        other="  404   404   404   403   404   404   400   400   400   400   400   400 login",
    ),
    "exemptions/<int:pk>/files/<slug:which>/": Row(
        "GET",
        "/exemptions/{exemption}/files/transcript/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "wsib-accounts/<int:pk>/readiness/": Row(
        "GET",
        "/wsib-accounts/{wsib}/readiness/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "wsib-accounts/<int:pk>/ohsms/": Row(
        "GET",
        "/wsib-accounts/{wsib}/ohsms/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "audits/evidence/<int:pk>/download/": Row(
        "GET",
        "/audits/evidence/{evidence}/download/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "audits/evidence/<int:pk>/remove/": Row(
        "POST",
        "/audits/evidence/{evidence}/remove/",
        # An empty POST lacks the confirmation: 400 (access passed, nothing removed).
        own="  400   400   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "audits/": Row(
        "GET",
        "/audits/",
        # External auditors are sent to their engagements (/external/).
        any="  200   200   200   200   302   302   302   302   302   302   302   302 login",
    ),
    "audits/recertification/start/": Row(
        # An empty form is sent back to the list (302) for those who may start an audit.
        "POST",
        "/audits/recertification/start/",
        any="  302   302   403   302   403   403   403   403   403   403   403   403 login",
    ),
    "audits/start/": Row(
        "POST",
        "/audits/start/",
        any="  400   400   403   400   403   403   403   403   403   403   403   403 login",
    ),
    "audits/<int:pk>/": Row(
        "GET",
        "/audits/{draft}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "audits/<int:pk>/elements/<int:number>/": Row(
        "GET",
        "/audits/{draft}/elements/1/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "audits/<int:pk>/items/<int:item_pk>/": Row(
        "POST",
        "/audits/{draft}/items/{item}/",
        own="  400   400   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "audits/<int:pk>/evidence/": Row(
        "POST",
        "/audits/{draft}/evidence/",
        own="  302   302   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   302   404   404   403   403   403   403   403   403 login",
    ),
    "audits/<int:pk>/ready-for-sign-off/": Row(
        "POST",
        "/audits/{draft}/ready-for-sign-off/",
        own="  302   302   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   302   404   404   403   403   403   403   403   403 login",
    ),
    # Certificates, the public registry and its clients (issue 10, lane E2).
    "verify/<certnum:number>/": Row(
        "GET",
        "/verify/{certificate_number}/",
        own="  200   200   200   200   200   200   200   200   200   200   200   200   200",
        other="  200   200   200   200   200   200   200   200   200   200   200   200   200",
    ),
    "registry/": Row(
        "GET",
        "/registry/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   200",
    ),
    "staff/standings/": Row(
        "GET",
        "/staff/standings/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "certificates/": Row(
        "GET",
        "/certificates/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "certificates/<int:pk>/": Row(
        "GET",
        "/certificates/{certificate}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "certificates/<int:pk>/certificate.pdf": Row(
        "GET",
        "/certificates/{certificate}/certificate.pdf",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "staff/registry/": Row(
        "GET",
        "/staff/registry/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200 login",
    ),
    "staff/registry/publish/": Row(
        "POST",
        "/staff/registry/publish/",
        any="  403   403   403   403   403   403   403   403   403   403   403   302 login",
    ),
    "staff/registry/clients/add/": Row(
        "POST",
        "/staff/registry/clients/add/",
        any="  403   403   403   403   403   403   403   403   403   403   403   302 login",
    ),
    "staff/registry/clients/<int:pk>/key/": Row(
        "POST",
        "/staff/registry/clients/{registry_client}/key/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200 login",
    ),
    "staff/registry/clients/<int:pk>/key/revoke/": Row(
        "POST",
        "/staff/registry/clients/{registry_client}/key/revoke/",
        any="  403   403   403   403   403   403   403   403   403   403   403   302 login",
    ),
    "api/v1/public/certified/": Row(
        "GET",
        "/api/v1/public/certified/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   200",
    ),
    "api/v1/standings/at-risk/": Row(
        "GET",
        "/api/v1/standings/at-risk/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200   401",
    ),
    "api/v1/standings/history/": Row(
        "GET",
        "/api/v1/standings/history/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200   401",
    ),
    "api/v1/registry/verify/": Row(
        # Registry keys only (tests/certification/test_registry_clients.py): a user is refused.
        "GET",
        "/api/v1/registry/verify/",
        any="  403   403   403   403   403   403   403   403   403   403   403   403   401",
    ),
    "api/v1/^certificates/$": Row(
        "GET",
        "/api/v1/certificates/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^certificates/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/certificates/{certificate}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^certificates/(?P<pk>[^/.]+)/pdf/$": Row(
        "GET",
        "/api/v1/certificates/{certificate}/pdf/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    # Maintenance years and Letters of Good Standing (issue 11, lane maint).
    "verify/<lgsnum:number>/": Row(
        "GET",
        "/verify/{lgs_number}/",
        own="  200   200   200   200   200   200   200   200   200   200   200   200   200",
        other="  200   200   200   200   200   200   200   200   200   200   200   200   200",
    ),
    "letters-of-good-standing/<int:pk>/letter.pdf": Row(
        "GET",
        "/letters-of-good-standing/{lgs}/letter.pdf",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "api/v1/^recertifications/$": Row(
        "GET",
        "/api/v1/recertifications/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^recertifications/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/recertifications/{recertification}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^maintenance-years/$": Row(
        "GET",
        "/api/v1/maintenance-years/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^maintenance-years/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/maintenance-years/{maintenance_year}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^maintenance-years/(?P<pk>[^/.]+)/deficiencies-corrected/$": Row(
        # Staff's empty POST is a 400: the year has no open deficiencies.
        "POST",
        "/api/v1/maintenance-years/{maintenance_year}/deficiencies-corrected/",
        own="  403   403   403   404   404   404   400   400   400   400   400   400   401",
        other="  404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^maintenance-years/(?P<pk>[^/.]+)/issue-letter/$": Row(
        # Staff's POST is a 400: the year already has its letter.
        "POST",
        "/api/v1/maintenance-years/{maintenance_year}/issue-letter/",
        own="  403   403   403   404   404   404   400   400   400   400   400   400   401",
        other="  404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^letters-of-good-standing/$": Row(
        "GET",
        "/api/v1/letters-of-good-standing/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^letters-of-good-standing/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/letters-of-good-standing/{lgs}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^letters-of-good-standing/(?P<pk>[^/.]+)/pdf/$": Row(
        "GET",
        "/api/v1/letters-of-good-standing/{lgs}/pdf/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    # Administrators' pages and API of the roster, the registry and certificates (issue 10).
    "staff/auditors/": Row(
        "GET",
        "/staff/auditors/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200 login",
    ),
    "staff/auditors/conflicts/": Row(
        "GET",
        "/staff/auditors/conflicts/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200 login",
    ),
    "staff/auditors/<int:pk>/": Row(
        "GET",
        "/staff/auditors/{auditor}/",
        own="  403   403   403   403   403   403   403   403   403   403   403   200 login",
        other="  403   403   403   403   403   403   403   403   403   403   403   200 login",
    ),
    "staff/auditors/<int:pk>/<slug:step>/": Row(
        # An empty reason: the administrator is sent back to the page with the refusal.
        "POST",
        "/staff/auditors/{auditor}/suspend/",
        own="  403   403   403   403   403   403   403   403   403   403   403   302 login",
        other="  403   403   403   403   403   403   403   403   403   403   403   302 login",
    ),
    # Oversight pages and auditor-quality API: certifying-body staff (roster decisions:
    # administrators); lists answer everyone else empty, an object 404.
    "oversight/qa/": Row(
        "GET",
        "/oversight/qa/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "oversight/qa/open/": Row(
        "POST",
        "/oversight/qa/open/",
        any="  403   403   403   403   403   403   302   302   302   302   302   302 login",
    ),
    "oversight/qa/<int:pk>/": Row(
        "GET",
        "/oversight/qa/{qa_review}/",
        own="  403   403   403   403   403   403   200   200   200   200   200   200 login",
        other="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "oversight/qa/<int:pk>/checks/": Row(
        "POST",
        "/oversight/qa/{qa_review}/checks/",
        own="  403   403   403   403   403   403   302   302   302   302   302   302 login",
        other="  403   403   403   403   403   403   302   302   302   302   302   302 login",
    ),
    "oversight/qa/<int:pk>/<str:step>/": Row(
        "POST",
        "/oversight/qa/{qa_review}/return/",
        own="  403   403   403   403   403   403   302   302   302   302   302   302 login",
        other="  403   403   403   403   403   403   302   302   302   302   302   302 login",
    ),
    "oversight/auditor-quality/": Row(
        "GET",
        "/oversight/auditor-quality/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "oversight/eaqa/select/": Row(
        "POST",
        "/oversight/eaqa/select/",
        any="  403   403   403   403   403   403   302   302   302   302   302   302 login",
    ),
    "api/v1/^auditor-evaluations/$": Row(
        "GET",
        "/api/v1/auditor-evaluations/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^auditor-evaluations/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/auditor-evaluations/{evaluation}/",
        any="  404   404   404   404   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^eaqa/$": Row(
        "GET",
        "/api/v1/eaqa/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^eaqa/progress/$": Row(
        "GET",
        "/api/v1/eaqa/progress/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200   401",
    ),
    "api/v1/^eaqa/select/$": Row(
        "POST",
        "/api/v1/eaqa/select/",
        any="  403   403   403   403   403   403   400   400   400   400   400   400   401",
    ),
    "api/v1/^eaqa/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/eaqa/{eaqa}/",
        any="  404   404   404   404   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^eaqa/(?P<pk>[^/.]+)/complete/$": Row(
        "POST",
        "/api/v1/eaqa/{eaqa}/complete/",
        any="  404   404   404   404   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^eaqa/(?P<pk>[^/.]+)/cancel/$": Row(
        "POST",
        "/api/v1/eaqa/{eaqa}/cancel/",
        any="  404   404   404   404   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^auditor-declarations/$": Row(
        "GET",
        "/api/v1/auditor-declarations/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^auditor-declarations/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/auditor-declarations/{declaration}/",
        any="  404   404   404   404   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^auditor-cpd/$": Row(
        "GET",
        "/api/v1/auditor-cpd/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^auditor-cpd/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/auditor-cpd/{cpd}/",
        any="  404   404   404   404   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^auditor-quality/(?P<pk>[^/.]+)/reinstate/$": Row(
        "POST",
        "/api/v1/auditor-quality/{roster_auditor}/reinstate/",
        any="  403   403   403   403   403   403   403   403   403   403   403   400   401",
    ),
    "api/v1/^auditor-quality/(?P<pk>[^/.]+)/ethics-breach/$": Row(
        "POST",
        "/api/v1/auditor-quality/{roster_auditor}/ethics-breach/",
        any="  403   403   403   403   403   403   403   403   403   403   403   400   401",
    ),
    "api/v1/^internal-auditors/$": Row(
        "GET",
        "/api/v1/internal-auditors/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200   401",
    ),
    # Desktop QA (oversight): certifying-body staff only; anyone else sees an empty list, a
    # 404 for a review and a 403 for creating one or the coverage figure.
    "api/v1/^qa-reviews/$": Row(
        "GET",
        "/api/v1/qa-reviews/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^qa-reviews/coverage/$": Row(
        "GET",
        "/api/v1/qa-reviews/coverage/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200   401",
    ),
    "api/v1/^qa-reviews/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/qa-reviews/{qa_review}/",
        own="  404   404   404   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   404   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^qa-reviews/(?P<pk>[^/.]+)/checks/$": Row(
        "POST",
        "/api/v1/qa-reviews/{qa_review}/checks/",
        own="  404   404   404   404   404   404   400   400   400   400   400   400   401",
        other="  404   404   404   404   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^qa-reviews/(?P<pk>[^/.]+)/release/$": Row(
        "POST",
        "/api/v1/qa-reviews/{qa_review}/release/",
        own="  404   404   404   404   404   404   400   400   400   400   400   400   401",
        other="  404   404   404   404   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^qa-reviews/(?P<pk>[^/.]+)/return/$": Row(
        "POST",
        "/api/v1/qa-reviews/{qa_review}/return/",
        own="  404   404   404   404   404   404   400   400   400   400   400   400   401",
        other="  404   404   404   404   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^qa-reviews/(?P<pk>[^/.]+)/verification-audit/$": Row(
        "POST",
        "/api/v1/qa-reviews/{qa_review}/verification-audit/",
        own="  404   404   404   404   404   404   400   400   400   400   400   400   401",
        other="  404   404   404   404   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^auditor-conflicts/$": Row(
        "GET",
        "/api/v1/auditor-conflicts/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^auditor-conflicts/(?P<pk>[^/.]+)/$": Row(
        # The auditor who declared it and the certifying body; nobody else knows it exists.
        "GET",
        "/api/v1/auditor-conflicts/{auditor_conflict}/",
        any="  404   404   404   404   404   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^registry-publications/$": Row(
        "GET",
        "/api/v1/registry-publications/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200   401",
    ),
    "api/v1/^registry-publications/publish/$": Row(
        "POST",
        "/api/v1/registry-publications/publish/",
        any="  403   403   403   403   403   403   403   403   403   403   403   201   401",
    ),
    "api/v1/^registry-publications/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/registry-publications/{registry_publication}/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200   401",
    ),
    "api/v1/^registry-clients/$": Row(
        "GET",
        "/api/v1/registry-clients/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200   401",
    ),
    "api/v1/^registry-clients/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/registry-clients/{registry_client}/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200   401",
    ),
    "api/v1/^registry-clients/(?P<pk>[^/.]+)/issue-key/$": Row(
        "POST",
        "/api/v1/registry-clients/{registry_client}/issue-key/",
        any="  403   403   403   403   403   403   403   403   403   403   403   201   401",
    ),
    "api/v1/^registry-clients/(?P<pk>[^/.]+)/revoke-key/$": Row(
        "POST",
        "/api/v1/registry-clients/{registry_client}/revoke-key/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200   401",
    ),
    # Programs are configuration every signed-in user reads; writes are administrators'
    # (tests/certification/test_programs.py sends them).
    "api/v1/^programs/$": Row(
        "GET",
        "/api/v1/programs/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^programs/(?P<pk>[-a-zA-Z0-9_]+)/$": Row(
        "PATCH",
        "/api/v1/programs/acsa/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200   401",
    ),
    "api/v1/^program-years/$": Row(
        "POST",
        "/api/v1/program-years/",
        any="  403   403   403   403   403   403   403   403   403   403   403   400   401",
    ),
    "api/v1/^program-years/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/program-years/{program_year}/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^certificates/(?P<pk>[^/.]+)/revoke/$": Row(
        # An empty POST: the administrator's is a 400 (the reason is required).
        "POST",
        "/api/v1/certificates/{certificate}/revoke/",
        own="  403   403   403   404   404   404   403   403   403   403   403   400   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   400   401",
    ),
    "verify/<str:code>/": Row(
        "GET",
        "/verify/NOSUCHCODE0000000000000000/",
        any="  404   404   404   404   404   404   404   404   404   404   404   404   404",
    ),
    "audits/<int:pk>/submit/": Row(
        "GET",
        "/audits/{draft}/submit/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "audits/reviews/": Row(
        "GET",
        "/audits/reviews/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "audits/<int:pk>/pre-assess/": Row(
        "POST",
        "/audits/{review}/pre-assess/",
        # {review} is under review, past pre-assessment: staff may see it, not pre-assess it.
        own="  403   403   403   404   404   404   403   403   403   403   403   403 login",
        other="  404   404   404   403   404   404   403   403   403   403   403   403 login",
    ),
    "audits/<int:pk>/assign-reviewer/": Row(
        "POST",
        "/audits/{review}/assign-reviewer/",
        own="  403   403   403   404   404   404   302   302   302   302   302   302 login",
        other="  404   404   404   403   404   404   302   302   302   302   302   302 login",
    ),
    "audits/<int:pk>/review/": Row(
        "GET",
        "/audits/{review}/review/",
        own="  403   403   403   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   403   404   404   200   200   200   200   200   200 login",
    ),
    "audits/<int:pk>/review/elements/<int:number>/": Row(
        "GET",
        "/audits/{review}/review/elements/1/",
        own="  403   403   403   404   404   404   200   200   200   200   200   200 login",
        other="  404   404   404   403   404   404   200   200   200   200   200   200 login",
    ),
    "audits/<int:pk>/review/items/<int:item_pk>/": Row(
        "POST",
        "/audits/{review}/review/items/{item}/",
        own="  403   403   403   404   404   404   400   400   400   400   400   400 login",
        other="  404   404   404   403   404   404   400   400   400   400   400   400 login",
    ),
    "audits/<int:pk>/review/complete/": Row(
        "POST",
        "/audits/{review}/review/complete/",
        # The assigned reviewer gets the confirmation page first (200).
        own="  403   403   403   404   404   404   403   200   403   403   403   403 login",
        other="  404   404   404   403   404   404   403   200   403   403   403   403 login",
    ),
    "audits/<int:pk>/review-report/": Row(
        "GET",
        "/audits/{done}/review-report/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "audits/caps/<int:pk>/": Row(
        "GET",
        "/audits/caps/{cap}/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "audits/caps/<int:pk>/items/add/": Row(
        "POST",
        "/audits/caps/{cap}/items/add/",
        own="  400   400   403   404   404   403   403   403   403   403   403   403 login",
        other="  404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "audits/caps/items/<int:pk>/edit/": Row(
        "GET",
        "/audits/caps/items/{cap_item}/edit/",
        own="  200   200   302   404   404   302   302   302   302   302   302   302 login",
        other="  404   404   404   200   404   404   302   302   302   302   302   302 login",
    ),
    "audits/caps/<int:pk>/submit/": Row(
        "POST",
        "/audits/caps/{cap}/submit/",
        own="  302   403   403   404   404   403   403   403   403   403   403   403 login",
        other="  404   404   404   302   404   404   403   403   403   403   403   403 login",
    ),
    "audits/caps/<int:pk>/approve/": Row(
        "POST",
        "/audits/caps/{cap}/approve/",
        own="  403   403   403   404   404   403   302   302   302   302   302   302 login",
        other="  404   404   404   403   404   404   302   302   302   302   302   302 login",
    ),
    "audits/caps/<int:pk>/return/": Row(
        "POST",
        "/audits/caps/{cap}/return/",
        # Staff pass the "who" check; an empty reason is their input error (400, nothing
        # returned) — the plan's state is the service's own check.
        own="  403   403   403   404   404   403   400   400   400   400   400   400 login",
        other="  404   404   404   403   404   404   400   400   400   400   400   400 login",
    ),
    "api/v1/auth/token/": Row(
        "POST",
        "/api/v1/auth/token/",
        any="  400   400   400   400   400   400   400   400   400   400   400   400   400",
    ),
    "api/v1/auth/tokens/": Row(
        "GET",
        "/api/v1/auth/tokens/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/auth/tokens/<uuid:public_id>/": Row(
        "DELETE",
        "/api/v1/auth/tokens/{api_token}/",
        own="  204   404   404   404   404   404   404   404   404   404   404   404   401",
        other="  404   404   404   204   404   404   404   404   404   404   404   404   401",
    ),
    "api/v1/auth/logout/": Row(
        "POST",
        "/api/v1/auth/logout/",
        any="  400   400   400   400   400   400   400   400   400   400   400   400   401",
    ),
    "api/v1/": Row(
        "GET",
        "/api/v1/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^organizations/$": Row(
        "GET",
        "/api/v1/organizations/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^organizations/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/organizations/{org}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^wsib-accounts/$": Row(
        "GET",
        "/api/v1/wsib-accounts/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^wsib-accounts/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/wsib-accounts/{wsib}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/wsib-accounts/<int:pk>/timeline/": Row(
        "GET",
        "/api/v1/wsib-accounts/{wsib}/timeline/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^registrations/$": Row(
        "GET",
        "/api/v1/registrations/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^registrations/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/registrations/{registration}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^registrations/(?P<pk>[^/.]+)/confirm/$": Row(
        "POST",
        "/api/v1/registrations/{registration}/confirm/",
        own="  403   403   403   404   404   404   403   403   403   403   403   400   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   400   401",
    ),
    "api/v1/^registrations/(?P<pk>[^/.]+)/request-reregistration/$": Row(
        "POST",
        "/api/v1/registrations/{confirmed}/request-reregistration/",
        own="  403   403   403   404   404   404   403   403   403   403   403   400   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   400   401",
    ),
    "api/v1/^registrations/(?P<pk>[^/.]+)/submit/$": Row(
        "POST",
        "/api/v1/registrations/{registration}/submit/",
        own="  200   403   403   404   404   404   403   403   403   403   403   403   401",
        other="  404   404   404   200   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^people/$": Row(
        "GET",
        "/api/v1/people/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^people/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/people/{person}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^people/(?P<pk>[^/.]+)/replace/$": Row(
        "POST",
        "/api/v1/people/{person}/replace/",
        own="  400   403   403   404   404   404   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^people/(?P<pk>[^/.]+)/sign-code-of-ethics/$": Row(
        "POST",
        "/api/v1/people/{person}/sign-code-of-ethics/",
        own="  400   403   403   404   404   404   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^training-records/$": Row(
        "GET",
        "/api/v1/training-records/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^training-records/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/training-records/{training}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^training-exemptions/$": Row(
        "GET",
        "/api/v1/training-exemptions/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^training-exemptions/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/training-exemptions/{exemption}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^training-exemptions/(?P<pk>[^/.]+)/course-outline/$": Row(
        "GET",
        "/api/v1/training-exemptions/{exemption}/course-outline/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^training-exemptions/(?P<pk>[^/.]+)/decide/$": Row(
        "POST",
        "/api/v1/training-exemptions/{exemption}/decide/",
        own="  403   403   403   404   404   404   400   400   400   400   400   400   401",
        other="  404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^training-exemptions/(?P<pk>[^/.]+)/transcript/$": Row(
        "GET",
        "/api/v1/training-exemptions/{exemption}/transcript/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^readiness/$": Row(
        "GET",
        "/api/v1/readiness/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^readiness/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/readiness/{wsib}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^audit-tools/$": Row(
        "GET",
        "/api/v1/audit-tools/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^audits/$": Row(
        "GET",
        "/api/v1/audits/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/audits/{draft}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/assign-reviewer/$": Row(
        "POST",
        "/api/v1/audits/{review}/assign-reviewer/",
        own="  403   403   403   404   404   404   400   400   400   400   400   400   401",
        other="  404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/evidence/$": Row(
        "GET",
        "/api/v1/audits/{draft}/evidence/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/history/$": Row(
        "GET",
        "/api/v1/audits/{draft}/history/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/pre-assess/$": Row(
        "POST",
        "/api/v1/audits/{review}/pre-assess/",
        own="  403   403   403   404   404   404   400   400   400   400   400   400   401",
        other="  404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/responses/$": Row(
        "GET",
        "/api/v1/audits/{draft}/responses/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/review/$": Row(
        "GET",
        "/api/v1/audits/{review}/review/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/score/$": Row(
        "GET",
        "/api/v1/audits/{draft}/score/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/complete/$": Row(
        # The SMR's 400: {draft} is an initial internal audit, submitted for review instead.
        "POST",
        "/api/v1/audits/{draft}/complete/",
        own="  400   403   403   404   404   404   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/submit/$": Row(
        "POST",
        "/api/v1/audits/{draft}/submit/",
        own="  400   403   403   404   404   404   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^corrective-action-plans/$": Row(
        "GET",
        "/api/v1/corrective-action-plans/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^corrective-action-plans/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/corrective-action-plans/{cap}/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^corrective-action-plans/(?P<pk>[^/.]+)/items/$": Row(
        "POST",
        "/api/v1/corrective-action-plans/{cap}/items/",
        own="  400   400   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^corrective-action-plans/(?P<pk>[^/.]+)/approve/$": Row(
        "POST",
        "/api/v1/corrective-action-plans/{cap}/approve/",
        own="  403   403   403   404   404   403   400   400   400   400   400   400   401",
        other="  404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^corrective-action-plans/(?P<pk>[^/.]+)/return/$": Row(
        "POST",
        "/api/v1/corrective-action-plans/{cap}/return/",
        own="  403   403   403   404   404   403   400   400   400   400   400   400   401",
        other="  404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^corrective-action-plans/(?P<pk>[^/.]+)/submit/$": Row(
        "POST",
        "/api/v1/corrective-action-plans/{cap}/submit/",
        own="  400   403   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^deadlines/$": Row(
        "GET",
        "/api/v1/deadlines/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^deadlines/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/deadlines/{deadline}/",
        own="  200   200   200   404   404   404   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^notifications/$": Row(
        "GET",
        "/api/v1/notifications/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^notifications/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/notifications/{message}/",
        own="  200   404   404   404   404   404   404   404   404   404   404   404   401",
        other="  404   404   404   200   404   404   404   404   404   404   404   404   401",
    ),
    "api/v1/^notifications/(?P<pk>[^/.]+)/mark-read/$": Row(
        "POST",
        "/api/v1/notifications/{message}/mark-read/",
        own="  200   404   404   404   404   404   404   404   404   404   404   404   401",
        other="  404   404   404   200   404   404   404   404   404   404   404   404   401",
    ),
    "api/v1/^audit-tools/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/audit-tools/{tool}/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^audit-tools/import/$": Row(
        "POST",
        "/api/v1/audit-tools/import/",
        any="  403   403   403   403   403   403   403   403   403   403   403   400   401",
    ),
    "api/v1/^audit-tools/(?P<pk>[^/.]+)/publish/$": Row(
        "POST",
        "/api/v1/audit-tools/{tool}/publish/",
        any="  403   403   403   403   403   403   403   403   403   403   403   400   401",
    ),
    "api/v1/^audit-tools/(?P<pk>[^/.]+)/withdraw/$": Row(
        "POST",
        "/api/v1/audit-tools/{tool}/withdraw/",
        any="  403   403   403   403   403   403   403   403   403   403   403   200   401",
    ),
    "api/v1/^audits/(?P<pk>[^/.]+)/evidence/(?P<evidence_pk>[0-9]+)/$": Row(
        "DELETE",
        "/api/v1/audits/{draft}/evidence/{evidence}/",
        own="  204   204   403   404   404   404   403   403   403   403   403   403   401",
        other="  404   404   404   204   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^corrective-action-plans/(?P<pk>[^/.]+)/items/(?P<item_pk>[0-9]+)/$": Row(
        "PATCH",
        "/api/v1/corrective-action-plans/{cap}/items/{cap_item}/",
        own="  200   200   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   200   404   404   403   403   403   403   403   403   401",
    ),
    # The annual workplan (oversight): certifying-body staff keep it; program directors and
    # administrators record the board chair's approval. Pages answer others 403; the API's list
    # is empty for them, an object 404 and an action 403 (decided before the input is read).
    "oversight/workplans/": Row(
        "GET",
        "/oversight/workplans/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "oversight/workplans/new/": Row(
        "POST",
        "/oversight/workplans/new/",
        any="  403   403   403   403   403   403   302   302   302   302   302   302 login",
    ),
    "oversight/workplans/<int:pk>/": Row(
        "GET",
        "/oversight/workplans/{workplan}/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "oversight/workplans/<int:pk>/export/<str:fmt>/": Row(
        "GET",
        "/oversight/workplans/{workplan}/export/xlsx/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "oversight/workplans/<int:pk>/<str:step>/": Row(
        # An empty form: staff are sent back to the page with the refusal.
        "POST",
        "/oversight/workplans/{workplan}/result/",
        any="  403   403   403   403   403   403   302   302   302   302   302   302 login",
    ),
    "api/v1/^workplans/$": Row(
        "GET",
        "/api/v1/workplans/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^workplans/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/workplans/{workplan}/",
        any="  404   404   404   404   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^workplans/(?P<pk>[^/.]+)/activities/$": Row(
        "POST",
        "/api/v1/workplans/{workplan}/activities/",
        any="  403   403   403   403   403   403   400   400   400   400   400   400   401",
    ),
    "api/v1/^workplans/(?P<pk>[^/.]+)/kpis/$": Row(
        "POST",
        "/api/v1/workplans/{workplan}/kpis/",
        any="  403   403   403   403   403   403   400   400   400   400   400   400   401",
    ),
    "api/v1/^workplans/(?P<pk>[^/.]+)/results/$": Row(
        "POST",
        "/api/v1/workplans/{workplan}/results/",
        any="  403   403   403   403   403   403   400   400   400   400   400   400   401",
    ),
    "api/v1/^workplans/(?P<pk>[^/.]+)/progress/$": Row(
        "POST",
        "/api/v1/workplans/{workplan}/progress/",
        any="  403   403   403   403   403   403   400   400   400   400   400   400   401",
    ),
    "api/v1/^workplans/(?P<pk>[^/.]+)/approve/$": Row(
        "POST",
        "/api/v1/workplans/{workplan}/approve/",
        any="  403   403   403   403   403   403   403   403   403   403   400   400   401",
    ),
    "api/v1/^workplans/(?P<pk>[^/.]+)/pdf/$": Row(
        "GET",
        "/api/v1/workplans/{workplan}/pdf/",
        any="  404   404   404   404   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^workplans/(?P<pk>[^/.]+)/xlsx/$": Row(
        "GET",
        "/api/v1/workplans/{workplan}/xlsx/",
        any="  404   404   404   404   404   404   200   200   200   200   200   200   401",
    ),
    "oversight/figures/": Row(
        "GET",
        "/oversight/figures/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "oversight/performance/": Row(
        "GET",
        "/oversight/performance/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "api/v1/program-figures/": Row(
        "GET",
        "/api/v1/program-figures/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200   401",
    ),
    "api/v1/^ohs-performance/$": Row(
        "GET",
        "/api/v1/ohs-performance/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200   401",
    ),
    "api/v1/^ohs-performance/import/$": Row(
        "POST",
        "/api/v1/ohs-performance/import/",
        any="  403   403   403   403   403   403   400   400   400   400   400   400   401",
    ),
    "api/v1/^action-plans/$": Row(
        "GET",
        "/api/v1/action-plans/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/action-plans/{action_plan}/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/objectives/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/objectives/",
        own="  400   400   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/objectives/(?P<objective_pk>[0-9]+)/$": Row(
        "PATCH",
        "/api/v1/action-plans/{action_plan}/objectives/{objective}/",
        own="  400   400   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/objectives/(?P<objective_pk>[0-9]+)/milestones/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/objectives/{objective}/milestones/",
        own="  400   400   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/milestones/(?P<milestone_pk>[0-9]+)/$": Row(
        "PATCH",
        "/api/v1/action-plans/{action_plan}/milestones/{milestone}/",
        own="  200   200   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   200   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/milestones/(?P<milestone_pk>[0-9]+)/deliverables/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/milestones/{milestone}/deliverables/",
        own="  400   400   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/submit-proposal/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/submit-proposal/",
        own="  400   403   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/approve/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/approve/",
        own="  403   403   403   404   404   403   403   403   200   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   200   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/return/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/return/",
        own="  403   403   403   404   404   403   403   403   400   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   400   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/verification-plan/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/verification-plan/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/self-score/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/self-score/",
        own="  400   400   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/submit-final/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/submit-final/",
        own="  400   403   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/score/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/score/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/verify/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/verify/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/package/$": Row(
        "POST",
        "/api/v1/action-plans/{action_plan}/package/",
        own="  400   400   400   404   404   400   400   400   400   400   400   400   401",
        other="  404   404   404   400   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^action-plans/(?P<pk>[^/.]+)/export/$": Row(
        "GET",
        "/api/v1/action-plans/{action_plan}/export/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    # The action-plan pages (sose.views).
    "action-plans/": Row(
        "GET",
        "/action-plans/",
        any="   200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "action-plans/start/": Row(
        "POST",
        "/action-plans/start/",
        any="   400   403   403   400   403   403   403   403   403   403   403   403 login",
    ),
    "action-plans/deliverables/<int:pk>/": Row(
        "GET",
        "/action-plans/deliverables/{deliverable}/",
        own="   200   200   200   404   404   200   200   200   200   200   200   200 login",
        other="   404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "action-plans/<int:pk>/": Row(
        "GET",
        "/action-plans/{action_plan}/",
        own="   200   200   200   404   404   200   200   200   200   200   200   200 login",
        other="   404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "action-plans/<int:pk>/objectives/": Row(
        "POST",
        "/action-plans/{action_plan}/objectives/",
        own="   400   400   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/objectives/<int:objective_pk>/": Row(
        "POST",
        "/action-plans/{action_plan}/objectives/{objective}/",
        own="   400   400   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/objectives/<int:objective_pk>/remove/": Row(
        "POST",
        "/action-plans/{action_plan}/objectives/{objective}/remove/",
        own="   400   400   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/objectives/<int:objective_pk>/milestones/": Row(
        "POST",
        "/action-plans/{action_plan}/objectives/{objective}/milestones/",
        own="   400   400   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/milestones/<int:milestone_pk>/": Row(
        "POST",
        "/action-plans/{action_plan}/milestones/{milestone}/",
        own="   400   400   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/milestones/<int:milestone_pk>/remove/": Row(
        "POST",
        "/action-plans/{action_plan}/milestones/{milestone}/remove/",
        own="   400   400   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/milestones/<int:milestone_pk>/complete/": Row(
        "POST",
        "/action-plans/{action_plan}/milestones/{milestone}/complete/",
        own="   400   400   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/milestones/<int:milestone_pk>/deliverables/": Row(
        "POST",
        "/action-plans/{action_plan}/milestones/{milestone}/deliverables/",
        own="   400   400   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/submit-proposal/": Row(
        "POST",
        "/action-plans/{action_plan}/submit-proposal/",
        own="   400   403   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/approve/": Row(
        "POST",
        "/action-plans/{action_plan}/approve/",
        own="   403   403   403   404   404   403   403   403   302   403   403   403 login",
        other="   404   404   404   403   404   404   403   403   302   403   403   403 login",
    ),
    "action-plans/<int:pk>/return/": Row(
        "POST",
        "/action-plans/{action_plan}/return/",
        own="   403   403   403   404   404   403   403   403   400   403   403   403 login",
        other="   404   404   404   403   404   404   403   403   400   403   403   403 login",
    ),
    "action-plans/<int:pk>/verification-plan/": Row(
        "POST",
        "/action-plans/{action_plan}/verification-plan/",
        own="   403   403   403   404   404   400   403   403   403   403   403   403 login",
        other="   404   404   404   403   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/self-score/": Row(
        "POST",
        "/action-plans/{action_plan}/self-score/",
        own="   400   400   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/submit-final/": Row(
        "POST",
        "/action-plans/{action_plan}/submit-final/",
        own="   400   403   403   404   404   403   403   403   403   403   403   403 login",
        other="   404   404   404   400   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/score/": Row(
        "POST",
        "/action-plans/{action_plan}/score/",
        own="   403   403   403   404   404   400   403   403   403   403   403   403 login",
        other="   404   404   404   403   404   404   403   403   403   403   403   403 login",
    ),
    "action-plans/<int:pk>/package/": Row(
        "POST",
        "/action-plans/{action_plan}/package/",
        own="   400   400   400   404   404   400   400   400   400   400   400   400 login",
        other="   404   404   404   400   404   404   400   400   400   400   400   400 login",
    ),
    "action-plans/<int:pk>/export/": Row(
        "GET",
        "/action-plans/{action_plan}/export/",
        own="   200   200   200   404   404   200   200   200   200   200   200   200 login",
        other="   404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "api/v1/^reviewers/$": Row(
        "GET",
        "/api/v1/reviewers/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200   401",
    ),
    "accounts/password/set/": Row(
        "GET",
        "/accounts/password/set/",
        any="  302   302   302   302   302   302   302   302   302   302   302   302 login",
    ),
    "accounts/reauthenticate/": Row(
        "GET",
        "/accounts/reauthenticate/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "accounts/reauthenticate/code/": Row(
        "GET",
        "/accounts/reauthenticate/code/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "accounts/reauthenticate/code/confirm/": Row(
        "GET",
        "/accounts/reauthenticate/code/confirm/",
        any="  302   302   302   302   302   302   302   302   302   302   302   302 login",
    ),
    "accounts/2fa/reauthenticate/": Row(
        "GET",
        "/accounts/2fa/reauthenticate/",
        any="  302   302   302   302   302   302   302   302   302   302   302   302 login",
    ),
    "accounts/2fa/totp/deactivate/": Row(
        "GET",
        "/accounts/2fa/totp/deactivate/",
        any="  404   404   404   404   404   404   404   404   404   404   404   404 login",
    ),
    "accounts/2fa/recovery-codes/generate/": Row(
        "GET",
        "/accounts/2fa/recovery-codes/generate/",
        any="  302   302   302   302   302   302   302   302   302   302   302   302 login",
    ),
    "accounts/2fa/recovery-codes/download/": Row(
        "GET",
        "/accounts/2fa/recovery-codes/download/",
        any="  404   404   404   404   404   404   404   404   404   404   404   404 login",
    ),
    # The external audit (issue 10, audits side)
    "external/": Row(
        "GET",
        "/external/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "external/choose/": Row(
        "POST",
        "/external/choose/",
        # SMRs only (decided before the input is read); an empty POST is an error message.
        any="  302   403   403   302   403   403   403   403   403   403   403   403 login",
    ),
    "external/<int:pk>/": Row(
        "GET",
        "/external/{engagement}/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "external/<int:pk>/report/": Row(
        "GET",
        "/external/{engagement}/report/",
        own="  404   404   404   404   404   404   404   404   404   404   404   404 login",
        other="  404   404   404   404   404   404   404   404   404   404   404   404 login",
    ),
    "external/<int:pk>/forms/<str:meeting>/": Row(
        "GET",
        "/external/{engagement}/forms/pre_audit/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "external/<int:pk>/do/<str:step>/": Row(
        "POST",
        "/external/{engagement}/do/plan-approve/",
        own="  403   403   403   404   404   403   302   302   302   302   302   302 login",
        other="  404   404   404   403   404   404   302   302   302   302   302   302 login",
    ),
    "api/v1/^auditors/$": Row(
        "GET",
        "/api/v1/auditors/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^auditors/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/auditors/{auditor}/",
        own="  200   200   200   200   200   200   200   200   200   200   200   200   401",
        other="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^auditors/(?P<pk>[^/.]+)/approve/$": Row(
        "POST",
        "/api/v1/auditors/{auditor}/approve/",
        own="  403   403   403   403   403   403   403   403   403   403   403   400   401",
        other="  403   403   403   403   403   403   403   403   403   403   403   400   401",
    ),
    "api/v1/^auditors/(?P<pk>[^/.]+)/conflicts/$": Row(
        "POST",
        "/api/v1/auditors/{auditor}/conflicts/",
        own="  403   403   403   403   403   400   403   403   403   403   403   400   401",
        other="  403   403   403   403   403   403   403   403   403   403   403   400   401",
    ),
    "api/v1/^auditors/(?P<pk>[^/.]+)/remove/$": Row(
        "POST",
        "/api/v1/auditors/{auditor}/remove/",
        own="  403   403   403   403   403   403   403   403   403   403   403   400   401",
        other="  403   403   403   403   403   403   403   403   403   403   403   400   401",
    ),
    "api/v1/^auditors/(?P<pk>[^/.]+)/suspend/$": Row(
        "POST",
        "/api/v1/auditors/{auditor}/suspend/",
        own="  403   403   403   403   403   403   403   403   403   403   403   400   401",
        other="  403   403   403   403   403   403   403   403   403   403   403   400   401",
    ),
    "api/v1/^engagements/$": Row(
        "GET",
        "/api/v1/engagements/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/engagements/{engagement}/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/accept/$": Row(
        "POST",
        "/api/v1/engagements/{engagement}/accept/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/approve-report/$": Row(
        "POST",
        "/api/v1/engagements/{engagement}/approve-report/",
        own="  403   403   403   404   404   403   400   400   400   400   400   400   401",
        other="  404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/cap-comment/$": Row(
        "POST",
        "/api/v1/engagements/{engagement}/cap-comment/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/decline/$": Row(
        "POST",
        "/api/v1/engagements/{engagement}/decline/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/findings/$": Row(
        "POST",
        "/api/v1/engagements/{engagement}/findings/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/return-report/$": Row(
        "POST",
        "/api/v1/engagements/{engagement}/return-report/",
        own="  403   403   403   404   404   403   400   400   400   400   400   400   401",
        other="  404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/sign/$": Row(
        "POST",
        "/api/v1/engagements/{engagement}/sign/",
        own="  400   400   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/start/$": Row(
        "POST",
        "/api/v1/engagements/{engagement}/start/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/validate-internal-audit/$": Row(
        # The auditor's 400: {engagement} follows a reviewed internal audit (no recertification).
        "POST",
        "/api/v1/engagements/{engagement}/validate-internal-audit/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^engagements/(?P<pk>[^/.]+)/submit-report/$": Row(
        "POST",
        "/api/v1/engagements/{engagement}/submit-report/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^audit-plans/$": Row(
        "GET",
        "/api/v1/audit-plans/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^audit-plans/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/audit-plans/{plan}/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^audit-plans/(?P<pk>[^/.]+)/approve/$": Row(
        "POST",
        "/api/v1/audit-plans/{plan}/approve/",
        own="  403   403   403   404   404   403   200   200   200   200   200   200   401",
        other="  404   404   404   403   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^audit-plans/(?P<pk>[^/.]+)/return/$": Row(
        "POST",
        "/api/v1/audit-plans/{plan}/return/",
        own="  403   403   403   404   404   403   400   400   400   400   400   400   401",
        other="  404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^audit-plans/(?P<pk>[^/.]+)/submit/$": Row(
        "POST",
        "/api/v1/audit-plans/{plan}/submit/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    # --- appeals (issue 12): the API ---
    "api/v1/^appeals/$": Row(
        "GET",
        "/api/v1/appeals/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^appeals/file/$": Row(
        "POST",
        "/api/v1/appeals/file/",
        any="  400   403   403   400   403   403   403   403   403   403   403   403   401",
    ),
    "api/v1/^appeals/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/appeals/{appeal}/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^appeals/(?P<pk>[^/.]+)/acknowledge/$": Row(
        "POST",
        "/api/v1/appeals/{appeal}/acknowledge/",
        own="  403   403   403   404   404   200   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^appeals/(?P<pk>[^/.]+)/decide/$": Row(
        "POST",
        "/api/v1/appeals/{appeal}/decide/",
        own="  403   403   403   404   404   400   403   403   403   403   403   403   401",
        other="  404   404   404   403   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^appeals/(?P<pk>[^/.]+)/escalate/$": Row(
        "POST",
        "/api/v1/appeals/{appeal}/escalate/",
        own="  400   403   403   404   404   403   403   403   403   403   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^appeals/(?P<pk>[^/.]+)/sign/$": Row(
        "POST",
        "/api/v1/appeals/{appeal}/sign/",
        own="  400   403   403   404   404   403   403   403   403   400   403   403   401",
        other="  404   404   404   400   404   404   403   403   403   400   403   403   401",
    ),
    "api/v1/^appeals/(?P<pk>[^/.]+)/forms/$": Row(
        "GET",
        "/api/v1/appeals/{appeal}/forms/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^appeals/(?P<pk>[^/.]+)/forms/(?P<doc_pk>[0-9]+)/$": Row(
        "GET",
        "/api/v1/appeals/{appeal}/forms/{appeal_form}/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^appeals/(?P<pk>[^/.]+)/forms/(?P<doc_pk>[0-9]+)/verify/$": Row(
        "GET",
        "/api/v1/appeals/{appeal}/forms/{appeal_form}/verify/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200   401",
        other="  404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    # --- equivalency: spot checks, equivalency and reciprocity (issue 11 items 5, 6) ---
    "keeping-cor/": Row(
        "GET",
        "/keeping-cor/",
        any=" 200   200   200   200   200   200   200   200   200   200   200   200  login",
    ),
    "keeping-cor/spot-checks/open/": Row(
        "POST",
        "/keeping-cor/spot-checks/open/",
        any=" 403   403   403   403   403   403   302   302   302   302   302   302  login",
    ),
    "keeping-cor/spot-checks/<int:pk>/": Row(
        "GET",
        "/keeping-cor/spot-checks/{spot_check}/",
        own=" 200   200   200   404   404   404   200   200   200   200   200   200  login",
        other=" 404   404   404   200   404   404   200   200   200   200   200   200  login",
    ),
    "keeping-cor/spot-checks/<int:pk>/letter.pdf": Row(
        "GET",
        "/keeping-cor/spot-checks/{spot_check}/letter.pdf",
        own=" 200   200   200   404   404   404   200   200   200   200   200   200  login",
        other=" 404   404   404   200   404   404   200   200   200   200   200   200  login",
    ),
    "keeping-cor/equivalency/new/": Row(
        "POST",
        "/keeping-cor/equivalency/new/",
        any=" 302   403   403   302   403   403   403   403   403   403   403   403  login",
    ),
    "keeping-cor/equivalency/<int:pk>/": Row(
        "GET",
        "/keeping-cor/equivalency/{equivalency}/",
        own=" 200   200   200   404   404   404   200   200   200   200   200   200  login",
        other=" 404   404   404   200   404   404   200   200   200   200   200   200  login",
    ),
    "keeping-cor/equivalency/<int:pk>/report.pdf": Row(
        "GET",
        "/keeping-cor/equivalency/{equivalency_done}/report.pdf",
        own=" 200   200   200   404   404   404   200   200   200   200   200   200  login",
        other=" 404   404   404   200   404   404   200   200   200   200   200   200  login",
    ),
    "keeping-cor/equivalency/<int:pk>/certificate.pdf": Row(
        "GET",
        "/keeping-cor/equivalency/{equivalency_done}/certificate.pdf",
        own=" 200   200   200   404   404   404   200   200   200   200   200   200  login",
        other=" 404   404   404   200   404   404   200   200   200   200   200   200  login",
    ),
    "keeping-cor/reciprocity/new/": Row(
        "POST",
        "/keeping-cor/reciprocity/new/",
        any=" 302   403   403   302   403   403   403   403   403   403   403   403  login",
    ),
    "keeping-cor/reciprocity/<int:pk>/": Row(
        "GET",
        "/keeping-cor/reciprocity/{reciprocity}/",
        own=" 200   200   200   404   404   404   200   200   200   200   200   200  login",
        other=" 404   404   404   200   404   404   200   200   200   200   200   200  login",
    ),
    "api/v1/^spot-checks/$": Row(
        "GET",
        "/api/v1/spot-checks/",
        any=" 200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^spot-checks/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/spot-checks/{spot_check}/",
        own=" 200   200   200   404   404   404   200   200   200   200   200   200   401",
        other=" 404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^spot-checks/(?P<pk>[^/.]+)/issue-letter/$": Row(
        "POST",
        "/api/v1/spot-checks/{spot_check}/issue-letter/",
        own=" 403   403   403   404   404   404   400   400   400   400   400   400   401",
        other=" 404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^spot-checks/(?P<pk>[^/.]+)/report-cap/$": Row(
        "POST",
        "/api/v1/spot-checks/{spot_check}/report-cap/",
        own=" 400   403   403   404   404   404   403   403   403   403   403   403   401",
        other=" 404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^spot-checks/(?P<pk>[^/.]+)/validate/$": Row(
        "POST",
        "/api/v1/spot-checks/{spot_check}/validate/",
        own=" 403   403   403   404   404   404   400   400   400   400   400   400   401",
        other=" 404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    "api/v1/^spot-checks/(?P<pk>[^/.]+)/decide/$": Row(
        "POST",
        "/api/v1/spot-checks/{spot_check}/decide/",
        own=" 403   403   403   404   404   404   400   400   400   400   400   400   401",
        other=" 404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
    # --- appeals: pages (issue 12 item 8) ---
    "appeals/": Row(
        "GET",
        "/appeals/",
        any="  200   200   200   200   200   200   200   200   200   200   200   200 login",
    ),
    "appeals/board/": Row(
        "GET",
        "/appeals/board/",
        any="  403   403   403   403   403   403   200   200   200   200   200   200 login",
    ),
    "appeals/file/<str:kind>/<int:pk>/": Row(
        "GET",
        "/appeals/file/external_report/{engagement}/",
        own="  200   403   403   404   404   403   403   403   403   403   403   403 login",
        other="  404   404   404   200   404   404   403   403   403   403   403   403 login",
    ),
    "appeals/<int:pk>/": Row(
        "GET",
        "/appeals/{appeal}/",
        own="  200   200   200   404   404   200   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "appeals/<int:pk>/forms/<int:document>.pdf": Row(
        "GET",
        "/appeals/{appeal}/forms/{appeal_form}.pdf",
        own="  200   200   200   404   404   200   200   200   200   200   200   200 login",
        other="  404   404   404   200   404   404   200   200   200   200   200   200 login",
    ),
    "api/v1/^equivalency-requests/$": Row(
        "GET",
        "/api/v1/equivalency-requests/",
        any=" 200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^equivalency-requests/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/equivalency-requests/{equivalency}/",
        own=" 200   200   200   404   404   404   200   200   200   200   200   200   401",
        other=" 404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^equivalency-requests/(?P<pk>[^/.]+)/documents/$": Row(
        "POST",
        "/api/v1/equivalency-requests/{equivalency}/documents/",
        own=" 400   403   403   404   404   404   403   403   403   403   403   403   401",
        other=" 404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^equivalency-requests/(?P<pk>[^/.]+)/submit/$": Row(
        "POST",
        "/api/v1/equivalency-requests/{equivalency}/submit/",
        own=" 400   403   403   404   404   404   403   403   403   403   403   403   401",
        other=" 404   404   404   400   404   404   403   403   403   403   403   403   401",
    ),
    "api/v1/^equivalency-requests/(?P<pk>[^/.]+)/decide/$": Row(
        "POST",
        "/api/v1/equivalency-requests/{equivalency}/decide/",
        own=" 403   403   403   404   404   404   403   403   400   403   403   403   401",
        other=" 404   404   404   403   404   404   403   403   400   403   403   403   401",
    ),
    "api/v1/^reciprocity-requests/$": Row(
        "GET",
        "/api/v1/reciprocity-requests/",
        any=" 200   200   200   200   200   200   200   200   200   200   200   200   401",
    ),
    "api/v1/^reciprocity-requests/(?P<pk>[^/.]+)/$": Row(
        "GET",
        "/api/v1/reciprocity-requests/{reciprocity}/",
        own=" 200   200   200   404   404   404   200   200   200   200   200   200   401",
        other=" 404   404   404   200   404   404   200   200   200   200   200   200   401",
    ),
    "api/v1/^reciprocity-requests/(?P<pk>[^/.]+)/decide/$": Row(
        "POST",
        "/api/v1/reciprocity-requests/{reciprocity}/decide/",
        own=" 403   403   403   404   404   404   400   400   400   400   400   400   401",
        other=" 404   404   404   403   404   404   400   400   400   400   400   400   401",
    ),
}


def _format_twin(pattern: str) -> bool:
    """DRF's format-suffix twin (`.json`) of a route with a row: the same view and permissions."""
    base = format_suffix_base(pattern)
    return base is not None and base in TABLE


def _excluded(pattern: str) -> bool:
    return any(
        pattern.startswith(key[:-1]) if key.endswith("*") else pattern == key for key in EXCLUDED
    )


def test_every_route_has_a_row():
    missing = [
        r.pattern
        for r in routes()
        if r.pattern not in TABLE and not _excluded(r.pattern) and not _format_twin(r.pattern)
    ]
    assert missing == [], "routes with no row in the access matrix (add one): " + repr(missing)


def test_every_row_and_exclusion_names_a_route():
    patterns = {r.pattern for r in routes()}
    gone = [p for p in TABLE if p not in patterns]
    gone += [
        key
        for key in EXCLUDED
        if not any(p.startswith(key[:-1]) if key.endswith("*") else p == key for p in patterns)
    ]
    assert gone == [], "rows or exclusions whose route no longer exists: " + repr(gone)


def test_every_row_path_reaches_its_route():
    from django.urls import resolve

    wrong = []
    for pattern, row in TABLE.items():
        path = row.path.format_map(_Any())
        match = resolve(path.split("?")[0])
        if match.route != pattern.replace("/^", "/"):
            wrong.append((pattern, path, match.route))
    assert wrong == []


class _Any(dict):
    def __missing__(self, key):
        if key == "api_token":
            return "00000000-0000-4000-8000-000000000000"
        if key == "lgs_number":
            return "LGS-2026-000001"
        return "COR-2026-000001" if key == "certificate_number" else "1"


# The matrix's rows in two halves, each checked by its own test file (this one and
# test_access_matrix_second_half.py): `--dist loadfile` keeps a file on one worker, and the
# whole matrix is several minutes of requests; two files let both workers share it. Every row
# is in exactly one half (test_the_halves_cover_every_row_once).
_PATTERNS = list(TABLE)
FIRST_HALF = _PATTERNS[: len(_PATTERNS) // 2]
SECOND_HALF = _PATTERNS[len(_PATTERNS) // 2 :]


def test_the_halves_cover_every_row_once():
    assert sorted(FIRST_HALF + SECOND_HALF) == sorted(TABLE)
    assert not set(FIRST_HALF) & set(SECOND_HALF)
    assert FIRST_HALF and SECOND_HALF


def check_matrix(cast, monkeypatch, patterns) -> None:
    """Build the world and compare every answer of the rows `patterns` with the table."""
    # The token endpoint's throttle (tests/security/test_login_limits.py) would answer 429 to
    # the twelfth caller; the matrix asks who may reach the view, not how often.
    from cor_portal.accounts.api import ObtainTokenView

    monkeypatch.setattr(ObtainTokenView, "throttle_classes", [])
    rows = {pattern: TABLE[pattern] for pattern in patterns}
    world = build_world(cast)
    seen = observe(rows, world)
    wrong = []
    for pattern, row in rows.items():
        expected = row.expected()
        if set(expected) != set(seen[pattern]):
            wrong.append(
                f"{pattern}: variants {sorted(expected)}, the path takes {sorted(seen[pattern])}"
            )
            continue
        for variant, answers in seen[pattern].items():
            if len(expected[variant]) != len(ROLES):
                wrong.append(f"{pattern} [{variant}]: {len(ROLES)} answers needed, got {answers}")
                continue
            for role, want, got in zip(ROLES, expected[variant], answers, strict=True):
                if want != got:
                    wrong.append(
                        f"{row.method} {row.path} [{variant}] {role}: expected {want}, got {got}"
                    )
    import json
    import os

    from tests.security import matrix

    if os.environ.get("MATRIX_DUMP"):
        with open(os.environ["MATRIX_DUMP"] + f".{patterns[0].replace('/', '_')}", "w") as f:
            json.dump({"seen": seen, "timings": matrix.observe.timings}, f, default=str)
    assert wrong == [], f"{len(wrong)} cells differ:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_access_matrix(cast, monkeypatch):
    """The first half of the rows (the second: test_access_matrix_second_half.py)."""
    check_matrix(cast, monkeypatch, FIRST_HALF)
