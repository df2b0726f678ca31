from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chophien.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
