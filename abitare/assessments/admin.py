"""Installation staff configure instruments and pathway maps here (texts of draft versions,
territory maps); assessments are personal data and stay in the product's own pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from abitare.assessments.models import Domain, DomainLevel, Instrument, PathwayMap


class DomainInline(admin.TabularInline[Domain, Instrument]):
    model = Domain
    extra = 0
    fields = ["code", "axis", "weight", "order", "name_it", "name_en"]
    show_change_link = True


@admin.register(Instrument)
class InstrumentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "version", "territory", "valid_from", "status"]
    list_filter = ["status"]
    inlines = [DomainInline]


class DomainLevelInline(admin.TabularInline[DomainLevel, Domain]):
    model = DomainLevel
    extra = 0
    max_num = 5


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin[Domain]):
    list_display = ["code", "instrument", "axis", "weight", "order"]
    list_filter = ["axis", "instrument"]
    inlines = [DomainLevelInline]


@admin.register(PathwayMap)
class PathwayMapAdmin(SimpleHistoryAdmin):
    list_display = ["territory", "valid_from", "valid_to", "resources_threshold", "potential_threshold"]
