"""WSGI entry point: `gunicorn sendplan.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")

application = get_wsgi_application()
