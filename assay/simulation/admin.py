from django.contrib import admin

from assay.audit.admin import ReadOnlyAdmin

from .models import SimulatedMove, Simulation


@admin.register(Simulation)
class SimulationAdmin(ReadOnlyAdmin):  # started through the simulation pages (a service), never here
    list_display = ("__str__", "status", "created_by", "created_at", "snapshot_on", "round")
    list_filter = ("status",)


@admin.register(SimulatedMove)
class SimulatedMoveAdmin(ReadOnlyAdmin):
    list_display = ("simulation", "actor", "old_outcome", "old_level", "new_outcome", "new_level")
    list_select_related = ("simulation", "actor")
