from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cor_portal.accounts"
    label = "accounts"
