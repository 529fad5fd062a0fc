from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "mulighetsrom.collaboration"
    verbose_name = _("Collaboration")

    def ready(self) -> None:
        from mulighetsrom.collaboration.actions import seed_collaboration
        from mulighetsrom.projects.actions import PROJECT_SEEDERS

        if seed_collaboration not in PROJECT_SEEDERS:
            PROJECT_SEEDERS.append(seed_collaboration)
