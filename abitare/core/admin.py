from django.contrib import admin

from abitare.core.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin[AccessLogEntry]):
    list_display = ["created_at", "username", "record_type", "record_id", "channel", "path"]
    list_filter = ["channel", "record_type"]
    search_fields = ["username", "record_id"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
