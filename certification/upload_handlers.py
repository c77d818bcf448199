"""Refuse an upload from its first bytes, before the rest of the request body is read.

`check_upload` (certification/uploads.py) decides once the whole file is stored; a 30 MB file
of the wrong type was read to the end first. FirstBytesUploadHandler sits in front of
Django's own upload handlers: it keeps the first SNIFF_BYTES of each file as they stream in
and, as soon as they cannot begin an accepted file, stops reading the body (StopUpload with
connection_reset: the rest is never read) and leaves the reason on the request, where the
view reads it with `upload_refusal()` and answers with it (a form error, an API 400).

Upload handlers can only be changed before the body is parsed, and CSRF checking parses it:
pages take `checks_first_bytes` (CSRF is then checked inside, after the handler is in), the
API's viewsets take `FirstBytesCheckMixin`, which installs it in `initial()` (before
authentication's CSRF check) for the actions that receive files.

Every route that receives a file uses it: audit evidence, CAP action evidence, training-
exemption transcripts and outlines (any supporting document: DOCUMENT_KINDS), and the audit
tool import (CSV or Excel only: TOOL_IMPORT_KINDS). The view answers the refusal after its
permission check, before it reads anything else of the input."""

from collections.abc import Callable
from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from certification.uploads import DOCUMENT_KINDS, SNIFF_BYTES, first_bytes_refusal
from cor_portal.errors import DomainError

# What an audit tool import may be (audits.tool_io reads CSV and Excel workbooks).
TOOL_IMPORT_KINDS = frozenset({"csv", "xlsx"})


class FirstBytesUploadHandler(FileUploadHandler):
    def __init__(self, request=None, kinds=DOCUMENT_KINDS):
        super().__init__(request)
        self._head = b""
        self._decided = True
        self.kinds = kinds

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self._head = b""
        self._decided = False

    def receive_data_chunk(self, raw_data, start):
        if not self._decided:
            self._head += raw_data[: SNIFF_BYTES - len(self._head)]
            if len(self._head) >= SNIFF_BYTES:
                self._decide(stop=True)
        return raw_data  # the next handler stores it

    def file_complete(self, file_size):
        # A file shorter than SNIFF_BYTES: decided now; the body was short anyway (and the
        # view answers with the refusal before it looks at the file).
        if not self._decided:
            self._decide(stop=False)
        return None

    def _decide(self, *, stop: bool) -> None:
        self._decided = True
        reason = first_bytes_refusal(self._head, self.file_name or "", kinds=self.kinds)
        if reason is None:
            return
        if self.request is not None and getattr(self.request, "upload_refused", None) is None:
            self.request.upload_refused = DomainError(reason, field=self.field_name)
        if stop:
            raise StopUpload(connection_reset=True)


def install_first_bytes_check(request, kinds=DOCUMENT_KINDS) -> None:
    """Put the first-bytes check in front of `request`'s upload handlers (a Django
    HttpRequest, before its body is parsed)."""
    request.upload_handlers.insert(0, FirstBytesUploadHandler(request, kinds))


def upload_refusal(request) -> DomainError | None:
    """The refusal the first-bytes check left on this request (a page's HttpRequest or DRF's
    Request), or None."""
    return getattr(getattr(request, "_request", request), "upload_refused", None)


def raise_upload_refusal(request) -> None:
    """Parse the body (where it stops early) and raise the first-bytes refusal, if any: a
    view calls it after its permission check, before it reads the input."""
    if hasattr(request, "data"):
        request.data  # noqa: B018  (DRF: parses the body)
    else:
        request.FILES  # noqa: B018  (parses the body)
    refused = upload_refusal(request)
    if refused is not None:
        raise refused


def checks_first_bytes(view: Callable | None = None, *, kinds=DOCUMENT_KINDS) -> Callable:
    """A page view that receives uploads (`@checks_first_bytes`, or
    `checks_first_bytes(kinds=…)` for other kinds of files): the first-bytes check goes in
    before the body is parsed, then CSRF is checked as CsrfViewMiddleware would have."""
    if view is None:
        return lambda v: checks_first_bytes(v, kinds=kinds)
    protected = csrf_protect(view)

    @wraps(view)
    @csrf_exempt
    def wrapped(request, *args, **kwargs):
        if request.method in ("POST", "PUT", "PATCH"):
            install_first_bytes_check(request, kinds)
        return protected(request, *args, **kwargs)

    return wrapped


class FirstBytesCheckMixin:
    """A DRF viewset whose `upload_actions` ({action name: kinds}) receive files: their
    requests get the first-bytes check before anything parses the body. The action calls
    `raise_upload_refusal(request)` after its permission check."""

    upload_actions: dict[str, frozenset[str]] = {}

    def initial(self, request, *args, **kwargs):
        kinds = self.upload_actions.get(getattr(self, "action", None) or "")
        if kinds is not None and request.method in ("POST", "PUT", "PATCH"):
            install_first_bytes_check(request._request, kinds)
        super().initial(request, *args, **kwargs)  # type: ignore[misc]  # the viewset's
