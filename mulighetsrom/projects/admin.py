from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mulighetsrom.accounts.models import Organization
from mulighetsrom.projects.actions import apply_organization_defaults
from mulighetsrom.projects.models import GateDecision, Membership, Phase, Project

admin.site.register(Project)
admin.site.register(Phase)
admin.site.register(Membership)
admin.site.register(GateDecision)


# An organization created in the admin gets the same defaults as one made by `create_organization`;
# invite its first administrator under Invitations.
admin.site.unregister(Organization)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kommunenummer", "created_at"]
    search_fields = ["name", "kommunenummer"]
    fields = ["name", "kommunenummer"]  # the slug is made from the name on save

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            apply_organization_defaults(obj)
