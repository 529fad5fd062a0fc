from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "mulighetsrom.stakeholders"
    verbose_name = _("Stakeholders and engagement")

    def ready(self) -> None:
        from mulighetsrom.projects.actions import PROJECT_SEEDERS
        from mulighetsrom.stakeholders.actions import seed_stakeholder_groups

        if seed_stakeholder_groups not in PROJECT_SEEDERS:
            PROJECT_SEEDERS.append(seed_stakeholder_groups)
