# Production-like image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
RUN DJANGO_SETTINGS_MODULE=cor_portal.settings.local python manage.py collectstatic --noinput -v 0
RUN useradd --system --home /app cor && chown -R cor /app/var
USER cor
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "cor_portal.wsgi:application"]
