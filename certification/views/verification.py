"""The public verification page of a certificate, /verify/<number>/ (the QR code on its PDF):
for today, valid, pending, lapsed, superseded or revoked — and nothing confidential (the
holder's public names, the WSIB account, the certificate's dates). An unknown number is a
plain 404; a malformed one never reaches this view (the URL converter) and gets the same."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from certification.standing_facts import certificate_verification


@require_GET
def certificate_verify(request, number: str):
    result = certificate_verification(number, timezone.localdate())
    if result is None:
        raise Http404(_("No certificate has this number."))
    return render(request, "certification/registry/verify.html", {"v": result})


@require_GET
def lgs_verify(request, number: str):
    """/verify/LGS-YYYY-NNNNNN/: the QR code on a Letter of Good Standing."""
    from certification.standing_facts import lgs_verification

    result = lgs_verification(number, timezone.localdate())
    if result is None:
        raise Http404(_("No Letter of Good Standing has this number."))
    return render(request, "certification/registry/verify_lgs.html", {"v": result})
