from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from abitare.accounts.models import Membership, Organisation, RolePolicy, SecurityEvent, Territory, User


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin[Territory]):
    list_display = ["name", "kind", "parent", "istat_code"]
    list_filter = ["kind"]
    search_fields = ["name", "istat_code"]
    readonly_fields = ["path"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["territories"]


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0


@admin.register(User)
class AbitareUserAdmin(UserAdmin, SimpleHistoryAdmin):  # type: ignore[type-arg]
    inlines = [MembershipInline]


@admin.register(RolePolicy)
class RolePolicyAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "role", "require_otp"]
    list_filter = ["role", "require_otp"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin[SecurityEvent]):
    """Read-only: security events are append-only."""

    list_display = ["created_at", "kind", "actor_username", "subject_username", "organisation", "detail"]
    list_filter = ["kind"]
    search_fields = ["actor_username", "subject_username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SecurityEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SecurityEvent | None = None) -> bool:
        return False
