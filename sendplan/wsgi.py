"""WSGI entry point: `gunicorn sendplan.wsgi`.

Without SECRET_KEY (and DEBUG off) Django refuses to build the application, so the web server
does not start; management commands that sign nothing still run.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")

application = get_wsgi_application()
