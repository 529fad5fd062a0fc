from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Pages that read across apps: start page, portfolio and project dashboard."""

    name = "mulighetsrom.dashboard"
    verbose_name = _("Dashboard")
