from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy


class CoreConfig(AppConfig):
    name = "chophien.core"
    label = "core"
    verbose_name = gettext_lazy("Lõi")

    def ready(self) -> None:
        from .http import trusted_proxies

        # At start (uvicorn runs no system checks): a typo in TRUSTED_PROXIES stops the server, rather
        # than failing every request that asks for the client's address.
        try:
            trusted_proxies()
        except ValueError as error:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error
