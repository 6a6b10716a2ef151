"""WSGI entry point: `gunicorn kuulu.wsgi` (see README, "Production")."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulu.settings")
application = get_wsgi_application()
