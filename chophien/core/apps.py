from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chophien.core"
    label = "core"
    verbose_name = "Lõi"
