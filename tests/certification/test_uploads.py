"""Upload checking: the type is decided by content against the allow-list; sizes limited."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.uploads import (
    DOCUMENT_KINDS,
    allowed_extensions,
    check_upload,
    clean_original_name,
    content_type_for,
)
from cor_portal.errors import DomainError
from tests.factories import SAMPLE_PDF as PDF
from tests.factories import WINDOWS_EXE as EXE

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 100
HTML = b"<html><body><script>alert(1)</script></body></html>"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
CSV = b"name,course,completed\nSam,COR Essentials,2025-01-01\n"


def ooxml(part: str, macro: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        content = b"<Types>" + (b"application/vnd.ms-word.document.macroEnabled" if macro else b"")
        z.writestr("[Content_Types].xml", content + b"</Types>")
        z.writestr(f"{part}/document.xml", "<doc/>")
    return buf.getvalue()


def odf(mimetype: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", mimetype)
        z.writestr("content.xml", "<office/>")
    return buf.getvalue()


def plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.sh", "rm -rf /")
    return buf.getvalue()


def up(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("transcript.pdf", PDF, "pdf"),
        ("scan.PNG", PNG, "png"),
        ("scan.jpg", JPEG, "jpeg"),
        ("scan.jpeg", JPEG, "jpeg"),
        ("scan.gif", GIF, "gif"),
        ("outline.docx", ooxml("word"), "docx"),
        ("hours.xlsx", ooxml("xl"), "xlsx"),
        ("slides.pptx", ooxml("ppt"), "pptx"),
        ("outline.odt", odf("application/vnd.oasis.opendocument.text"), "odt"),
        ("hours.ods", odf("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
        ("list.csv", CSV, "csv"),
    ],
)
def test_accepted_types(name, content, kind, settings):
    checked = check_upload(up(name, content), field="transcript")
    assert checked.kind.key == kind
    assert checked.original_name == name
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "transcript.pdf",
            EXE,
            "The file transcript.pdf is not an accepted type (its content was checked). Accepted:",
        ),
        ("transcript.pdf", ELF, "The file transcript.pdf is not an accepted type"),
        ("outline.pdf", HTML, "The file outline.pdf is not an accepted type"),
        ("outline.docx", plain_zip(), "The file outline.docx is not an accepted type"),
        ("notes.csv", HTML, "The file notes.csv is not an accepted type"),
        ("notes.txt", CSV, "The file notes.txt is not an accepted type"),
        ("notes.csv", b"a,b\x00\x01c", "The file notes.csv is not an accepted type"),
        (
            "outline.docm",
            ooxml("word", macro=True),
            "The file outline.docm contains macros; save it without macros or as a PDF.",
        ),
        (
            "outline.doc",
            OLE,
            "The file outline.doc is in an old binary Office format; save it as PDF, .docx "
            "or .xlsx.",
        ),
        (
            "transcript.png",
            PDF,
            "The file transcript.png contains a PDF but is named .png; rename it .pdf.",
        ),
        (
            "transcript",
            PDF,
            "The file transcript contains a PDF but is named without an extension; rename it .pdf.",
        ),
        ("empty.pdf", b"", "The file empty.pdf is empty."),
    ],
)
def test_refused_types(name, content, message):
    with pytest.raises(DomainError) as err:
        check_upload(up(name, content), field="course_outline")
    assert err.value.field == "course_outline"
    assert err.value.message.startswith(message)


def test_refused_type_message_lists_the_allow_list():
    with pytest.raises(DomainError) as err:
        check_upload(up("x.pdf", EXE), field="f")
    assert err.value.message.endswith(
        "Accepted: CSV, Excel workbook, GIF image, JPEG image, OpenDocument spreadsheet, "
        "OpenDocument text, PDF, PNG image, PowerPoint presentation, TIFF image, WebP image, "
        "Word document."
    )


def test_size_limit_from_settings(settings):
    settings.UPLOAD_MAX_BYTES = len(PDF) - 1
    with pytest.raises(DomainError) as err:
        check_upload(up("big.pdf", PDF), field="transcript")
    assert err.value.message == (
        f"The file big.pdf is {len(PDF)} bytes; the limit is {len(PDF) - 1} bytes."
    )
    settings.UPLOAD_MAX_BYTES = len(PDF)
    assert check_upload(up("big.pdf", PDF), field="transcript").size == len(PDF)


def test_size_limit_message_in_megabytes():
    big = up("big.pdf", PDF + b"\x00" * (3 * 1024 * 1024))
    with pytest.raises(DomainError) as err:
        check_upload(big, field="evidence", max_bytes=2 * 1024 * 1024)
    assert err.value.message == "The file big.pdf is 3.0 MB; the limit is 2.0 MB."


def test_kinds_can_be_narrowed():
    with pytest.raises(DomainError) as err:
        check_upload(up("scan.png", PNG), field="f", kinds={"pdf"})
    assert err.value.message.endswith("Accepted: PDF.")


def test_missing_file():
    with pytest.raises(DomainError) as err:
        check_upload(None, field="transcript")
    assert (err.value.field, err.value.message) == ("transcript", "Choose a file to upload.")


def test_file_position_is_rewound():
    f = up("t.pdf", PDF)
    check_upload(f, field="t")
    assert f.read() == PDF


def test_names_and_content_types():
    assert clean_original_name("C:\\Users\\me\\transcript.pdf") == "transcript.pdf"
    assert clean_original_name("../../etc/passwd") == "passwd"
    assert clean_original_name("a\x00b\n.pdf") == "ab.pdf"
    assert clean_original_name("") == "document"
    assert content_type_for("Outline.DOCX") == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert content_type_for("x.exe") == "application/octet-stream"
    assert ".pdf" in allowed_extensions(DOCUMENT_KINDS).split(",")
