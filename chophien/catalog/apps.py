from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


def _ensure_search_index(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from .search import ensure_search_index

    ensure_search_index(using)


class CatalogConfig(AppConfig):
    name = "chophien.catalog"
    label = "catalog"
    verbose_name = gettext_lazy("Sản phẩm")

    def ready(self) -> None:
        from django.core import checks

        from .glossary import glossary_check

        post_migrate.connect(_ensure_search_index, sender=self)
        checks.register(glossary_check)
