"""Refuse an upload from its first bytes, before the rest of the request body is read.

`check_upload` (certification/uploads.py) decides once the whole file is stored; a 30 MB file
of the wrong type was read to the end first. FirstBytesUploadHandler sits in front of
Django's own upload handlers: it keeps the first SNIFF_BYTES of each file as they stream in
and, as soon as they cannot begin an accepted file, stops reading the body (StopUpload with
connection_reset: the rest is never read) and leaves the reason on the request, where the
view reads it with `upload_refusal()` and answers with it (a form error, an API 400).

Upload handlers can only be changed before the body is parsed, and CSRF checking parses it:
pages take `checks_first_bytes` (CSRF is then checked inside, after the handler is in), the
API installs it in its viewset's `initial()` (before authentication's CSRF check)."""

from collections.abc import Callable
from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from certification.uploads import SNIFF_BYTES, first_bytes_refusal
from cor_portal.errors import DomainError


class FirstBytesUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self._head = b""
        self._decided = True

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
        reason = first_bytes_refusal(self._head, self.file_name or "")
        if reason is None:
            return
        if self.request is not None and getattr(self.request, "upload_refused", None) is None:
            self.request.upload_refused = DomainError(reason, field=self.field_name)
        if stop:
            raise StopUpload(connection_reset=True)


def install_first_bytes_check(request) -> None:
    """Put the first-bytes check in front of `request`'s upload handlers (a Django
    HttpRequest, before its body is parsed)."""
    request.upload_handlers.insert(0, FirstBytesUploadHandler(request))


def upload_refusal(request) -> DomainError | None:
    """The refusal the first-bytes check left on this request (a page's HttpRequest or DRF's
    Request), or None."""
    return getattr(getattr(request, "_request", request), "upload_refused", None)


def checks_first_bytes(view: Callable) -> Callable:
    """A page view that receives uploads: the first-bytes check goes in before the body is
    parsed, then CSRF is checked as CsrfViewMiddleware would have."""
    protected = csrf_protect(view)

    @wraps(view)
    @csrf_exempt
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            install_first_bytes_check(request)
        return protected(request, *args, **kwargs)

    return wrapped
