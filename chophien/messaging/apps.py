from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class MessagingConfig(AppConfig):
    name = "chophien.messaging"
    label = "messaging"
    verbose_name = gettext_lazy("Tin nhắn")
