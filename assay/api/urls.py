"""The JSON API at /api/v1/: one NinjaAPI; each domain app contributes a router."""

from ninja import NinjaAPI

from assay.standards.api import router as standards_router

api = NinjaAPI(
    title="Assay API",
    version="1",
    description="Read the standards published on Assay: versions, modules, criteria and levels in EN, FR and ES.",
    urls_namespace="api",
)
api.add_router("/", standards_router)
