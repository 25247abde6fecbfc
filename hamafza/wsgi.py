import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamafza.settings")
application = get_wsgi_application()
# The objects made while loading the application live as long as the process: keep them out of the
# garbage collector's full passes, which otherwise add tens of milliseconds to a request now and then.
gc.freeze()
