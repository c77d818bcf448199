"""An upload is refused from its first bytes, before the rest of the body is read (issue 8:
the type of a 30 MB file was checked only once it had all arrived). The first-bytes decision
is check_upload's own (sniff_kind on the same first bytes; a ZIP container waits for its
parts), the handler stops reading the request as soon as it is made, and the browser's list
(LEADING_BYTES, static/js/audits.js) agrees with it."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from audits.models import Evidence
from certification.upload_handlers import install_first_bytes_check, upload_refusal
from certification.uploads import LEADING_BYTES, SNIFF_BYTES, first_bytes_refusal, sniff_kind
from cor_portal.accounts.tokens import api_token_issue

MIB = 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48

ACCEPTED_HEADS = {
    "pdf": ("a.pdf", PDF),
    "png": ("a.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32),
    "jpeg": ("a.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32),
    "gif": ("a.gif", b"GIF89a\x01\x00\x01\x00" + b"\x00" * 32),
    "tiff": ("a.tif", b"II*\x00\x08\x00\x00\x00" + b"\x00" * 32),
    "webp": ("a.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32),
    "csv": ("a.csv", b"name,date\nPolicy,2026-01-01\n"),
}
REFUSED_HEADS = {
    "executable": ("Policy.pdf", EXE),
    "html": ("a.csv", b"<html><script>alert(1)</script></html>"),
    "legacy office": ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32),
    "shell script": ("a.pdf", b"#!/bin/sh\nrm -rf /\n"),
}


def _browser_accepts(name: str, head: bytes) -> bool:
    """What static/js/audits.js decides (the same loop, in Python)."""

    def starts(signature: str) -> bool:
        pairs = [signature[i : i + 2] for i in range(0, len(signature), 2)]
        return len(pairs) <= len(head) and all(
            p == "??" or head[i] == int(p, 16) for i, p in enumerate(pairs)
        )

    if any(starts(s) for sigs in LEADING_BYTES.values() for s in sigs):
        return True
    return (
        name.lower().endswith(".csv") and b"\x00" not in head and not head.lstrip().startswith(b"<")
    )


@pytest.mark.parametrize("kind", sorted(ACCEPTED_HEADS))
def test_accepted_kinds_pass_the_first_bytes_in_the_server_and_the_browser(kind):
    name, head = ACCEPTED_HEADS[kind]
    assert sniff_kind(head, None, "." + name.rsplit(".", 1)[1]) == kind
    assert first_bytes_refusal(head, name) is None
    assert _browser_accepts(name, head)


def test_a_zip_container_waits_for_its_parts():
    assert first_bytes_refusal(b"PK\x03\x04" + b"\x00" * 60, "report.docx") is None
    assert _browser_accepts("report.docx", b"PK\x03\x04" + b"\x00" * 60)


@pytest.mark.parametrize("what", sorted(REFUSED_HEADS))
def test_refused_content_is_refused_by_both_whatever_its_name(what):
    name, head = REFUSED_HEADS[what]
    reason = first_bytes_refusal(head, name)
    assert reason is not None and name in reason
    assert not _browser_accepts(name, head)


class CountingInput(io.BytesIO):
    """The request body, counting how much of it the server read."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def _request(file_name: str, content: bytes) -> tuple[WSGIRequest, CountingInput]:
    body = encode_multipart(
        BOUNDARY,
        {
            "item": "1",
            "file": SimpleUploadedFile(file_name, content),
            "document_date": "2026-01-01",
        },
    )
    stream = CountingInput(body)
    environ = RequestFactory()._base_environ(
        PATH_INFO="/upload/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body)),
    )
    environ["wsgi.input"] = stream
    return WSGIRequest(environ), stream


def test_the_handler_stops_reading_the_body_at_the_first_bytes():
    request, stream = _request("Policy.pdf", EXE + b"\x00" * (30 * MIB))
    install_first_bytes_check(request)

    files, post = request.FILES, request.POST

    assert stream.bytes_read < 512 * 1024  # of 30 MB: the first chunk or two, no more
    assert list(files) == []  # nothing stored
    assert post.get("item") == "1"  # the fields before the file were read
    assert "document_date" not in post  # those after it never were
    refusal = upload_refusal(request)
    assert refusal is not None and refusal.field == "file"
    assert "Policy.pdf is not an accepted type" in refusal.message


def test_an_accepted_file_is_read_whole_and_kept():
    content = PDF + b"\n" * (2 * MIB)
    request, stream = _request("Policy.pdf", content)
    install_first_bytes_check(request)

    uploaded = request.FILES["file"]

    assert stream.bytes_read == len(stream.getvalue())
    assert uploaded.size == len(content)
    assert request.POST["document_date"] == "2026-01-01"
    assert upload_refusal(request) is None


def test_a_short_refused_file_is_refused_too():
    request, _stream = _request("tiny.pdf", b"MZ")
    install_first_bytes_check(request)
    request.FILES  # noqa: B018  (parses)
    assert len(b"MZ") < SNIFF_BYTES
    assert upload_refusal(request) is not None


@pytest.mark.django_db
def test_the_page_and_the_api_answer_the_refusal_and_keep_nothing(client, api_client, flow):
    audit = flow.start()
    item = flow.items["1.1"]
    big = SimpleUploadedFile("Policy.pdf", EXE + b"\x00" * (5 * MIB))
    client.force_login(flow.cast.internal_auditor)

    page = client.post(
        f"/audits/{audit.pk}/evidence/",
        {"item": str(item.pk), "file": big, "document_date": date.today().isoformat()},
        follow=True,
    )

    assert page.status_code == 200
    assert "Policy.pdf is not an accepted type" in page.content.decode()
    # A token, as a client would send it (force_authenticate looks anonymous to the body-size
    # limit, which runs before DRF).
    _token, secret = api_token_issue(user=flow.cast.internal_auditor)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    big.seek(0)
    api = api_client.post(
        f"/api/v1/audits/{audit.pk}/evidence/",
        {"item": item.pk, "file": big, "document_date": date.today().isoformat()},
        format="multipart",
    )
    assert api.status_code == 400
    assert list(api.json()) == ["file"]
    assert "Policy.pdf is not an accepted type" in api.json()["file"][0]
    assert Evidence.objects.count() == 0


@pytest.mark.django_db
def test_an_accepted_file_is_still_attached_through_the_page_and_the_api(client, api_client, flow):
    audit = flow.start()
    item = flow.items["1.1"]
    client.force_login(flow.cast.internal_auditor)
    page = client.post(
        f"/audits/{audit.pk}/evidence/",
        {
            "item": str(item.pk),
            "file": SimpleUploadedFile("Policy.pdf", PDF),
            "document_date": date.today().isoformat(),
        },
    )
    assert page.status_code == 302
    api_client.force_authenticate(flow.cast.internal_auditor)
    api = api_client.post(
        f"/api/v1/audits/{audit.pk}/evidence/",
        {
            "item": item.pk,
            "file": SimpleUploadedFile("Plan.pdf", PDF),
            "document_date": date.today().isoformat(),
        },
        format="multipart",
    )
    assert api.status_code == 201, api.content
    assert Evidence.objects.count() == 2


@pytest.mark.django_db
def test_the_upload_page_still_checks_csrf(flow):
    """The page installs the handler before CSRF reads the body, then checks CSRF itself."""
    from django.test import Client

    audit = flow.start()
    client = Client(enforce_csrf_checks=True)
    client.force_login(flow.cast.internal_auditor)
    response = client.post(
        f"/audits/{audit.pk}/evidence/",
        {
            "item": str(flow.items["1.1"].pk),
            "file": SimpleUploadedFile("Policy.pdf", PDF),
            "document_date": date.today().isoformat(),
        },
    )
    assert response.status_code == 403
    assert Evidence.objects.count() == 0
