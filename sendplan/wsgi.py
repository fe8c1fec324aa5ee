"""WSGI entry point: `gunicorn sendplan.wsgi`."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")

# The web server signs sessions and forms, so it refuses to start without a key of its own
# (Django itself would only complain at the first request). Management commands still run.
try:
    settings.SECRET_KEY  # noqa: B018 - reading it raises when it is empty
except ImproperlyConfigured:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README, Settings).") from None

application = get_wsgi_application()
