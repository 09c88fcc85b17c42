import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
application = get_wsgi_application()
# Import every view module now, as the worker starts, not on its first
# request: that import (the PDF renderer, Wagtail's admin) takes most of a
# second, which the first learner or xAPI client of each worker would wait.
_url_patterns = get_resolver().url_patterns
