from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SellersConfig(AppConfig):
    name = "chophien.sellers"
    label = "sellers"
    verbose_name = gettext_lazy("Người bán")
