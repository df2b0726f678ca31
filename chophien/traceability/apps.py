from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceabilityConfig(AppConfig):
    name = "chophien.traceability"
    verbose_name = _("Truy xuất nguồn gốc")

    def ready(self) -> None:
        from . import packing  # noqa: F401  (records shipping and receiving as orders move)
