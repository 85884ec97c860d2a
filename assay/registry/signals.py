"""What the registry tells the apps above it, without importing them (they connect in their AppConfig.ready)."""

from django.dispatch import Signal

# Sent inside the transaction that rebuilt the sites' CAHRA designations; assessments rescore what depends on them.
designations_changed = Signal()
