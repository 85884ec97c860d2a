"""Shared helpers below every app (DESIGN §7: domain → lib → standards → …): no models, no views."""
