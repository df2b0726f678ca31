from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "chophien.messaging"
    label = "messaging"
    verbose_name = "Tin nhắn"
