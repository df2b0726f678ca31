import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django_application = get_asgi_application()

from chophien.traceability.scan_asgi import LabelScanApp  # noqa: E402 (needs Django set up first)

application = LabelScanApp.wrapping(django_application)
