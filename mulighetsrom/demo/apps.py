from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mulighetsrom.demo"
    verbose_name = "Demo"
