from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy


class MessagingConfig(AppConfig):
    name = "chophien.messaging"
    label = "messaging"
    verbose_name = gettext_lazy("Tin nhắn")

    def ready(self) -> None:
        from .backends import backend_uses_zalo
        from .checks import check_message_templates

        checks.register(check_message_templates, "messaging")
        # uvicorn runs no system checks: a process that would send by Zalo refuses to start here
        # rather than lose messages later.
        if backend_uses_zalo():
            errors = [problem for problem in check_message_templates() if problem.is_serious()]
            if errors:
                raise ImproperlyConfigured("Messages: " + " ".join(f"{e.msg} {e.hint or ''}" for e in errors))
