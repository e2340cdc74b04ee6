from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from abitare.accounts.models import Membership, Organisation, RolePolicy, Territory, User


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
    list_display = ["role", "require_otp"]
