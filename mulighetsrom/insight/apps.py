from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "mulighetsrom.insight"
    verbose_name = _("Insight bank")
