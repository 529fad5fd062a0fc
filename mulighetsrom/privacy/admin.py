from django.contrib import admin
from django.http import HttpRequest

from mulighetsrom.privacy.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the log is written by the privacy actions only."""

    list_display = ["created_at", "reference", "organization", "project", "action", "kind", "count", "actor"]
    list_filter = ["action", "kind", "organization"]
    search_fields = ["reference"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
