"""The one kind of error a service raises. It carries a plain-language message and, when the
error is about one input, the field it is about. Pages turn it into a form error, the API
into a JSON error (cor_portal.api.exception_handler)."""


class DomainError(Exception):
    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "detail": [self.message]}


class NotAllowed(DomainError):
    """The user may see the object but may not do this to it (HTTP 403)."""

    def __init__(self, message: str = "You are not allowed to do this."):
        super().__init__(message, code="forbidden")
