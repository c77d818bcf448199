import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cor_portal.settings.local")

app = Celery("cor_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
