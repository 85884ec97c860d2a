from django.contrib import admin

from .models import SimulatedMove, Simulation


@admin.register(Simulation)
class SimulationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "created_by", "created_at", "snapshot_on", "round")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Simulation._meta.fields]

    def has_add_permission(self, request):  # started through the simulation pages (a service), never here
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SimulatedMove)
class SimulatedMoveAdmin(admin.ModelAdmin):
    list_display = ("simulation", "actor", "old_outcome", "old_level", "new_outcome", "new_level")
    list_select_related = ("simulation", "actor")
    raw_id_fields = ("simulation", "actor", "assessment")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
