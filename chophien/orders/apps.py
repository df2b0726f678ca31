from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "chophien.orders"
    verbose_name = _("Đơn hàng")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (merges a guest's cart into the account at login)
