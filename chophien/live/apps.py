from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "chophien.live"
    verbose_name = _("Bán hàng trực tiếp")
