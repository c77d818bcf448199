from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import labels


class HistoryEntry(models.Model):
    """One append-only line of an object's history: who did what, when, from which state to
    which, which facts changed, and why. Never updated or deleted (a PostgreSQL trigger
    refuses both; see migration 0002)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    from_state = models.CharField(max_length=64, blank=True)
    to_state = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]
        verbose_name_plural = "history entries"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("History is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("History is append-only.")

    @property
    def action_label(self) -> str:
        return labels.action_label(self.content_type.app_label, self.action)

    @property
    def from_state_label(self) -> str:
        return labels.state_label(self.content_type.model_class(), self.from_state)

    @property
    def to_state_label(self) -> str:
        return labels.state_label(self.content_type.model_class(), self.to_state)

    @property
    def change_rows(self) -> list[tuple[str, object, object]]:
        """(field, old, new) rows. Templates iterate these rather than the dict, whose key
        "items" would shadow dict.items()."""

        def shown(value):
            return None if value == "" else value  # blank and missing both show as "—"

        return [
            (field, shown(old), shown(new)) for field, (old, new) in (self.changes or {}).items()
        ]
