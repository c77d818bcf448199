"""Length limits of free-text input, read from the model fields: the page forms and the API
serializers take them from here, so the two cannot disagree and neither accepts what the
column would refuse."""

from django.db import models


def max_length(model: type[models.Model], field_name: str) -> int:
    """The max_length of `model.field_name` (a CharField or EmailField)."""
    length = model._meta.get_field(field_name).max_length
    if length is None:
        raise LookupError(f"{model.__name__}.{field_name} has no max_length")
    return int(length)


# A WSIB account or firm number is 7 digits; input up to this length gets the plain "7 digits"
# message (from validators.wsib_number_problem) rather than a generic "too long".
WSIB_NUMBER_INPUT_MAX_LENGTH = 20
