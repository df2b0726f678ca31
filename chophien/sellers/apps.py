from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "chophien.sellers"
    label = "sellers"
    verbose_name = "Người bán"
