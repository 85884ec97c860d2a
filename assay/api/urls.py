"""The JSON API at /api/v1/: one NinjaAPI; each domain app contributes a router."""

from ninja import NinjaAPI

from assay.assessments.api import router as assessments_router
from assay.consultation.api import router as consultation_router
from assay.registry.api import router as registry_router
from assay.reporting.api import router as reporting_router
from assay.standards.api import router as standards_router

api = NinjaAPI(
    title="Assay API",
    version="1",
    description="Assay: standards (versions, modules, criteria, levels in EN, FR and ES), the public registry, "
    "members' assessments with their scores and explanations, the consultation, rankings, award shortlists and "
    "the impact report.",
    urls_namespace="api",
)
api.add_router("/", standards_router)
api.add_router("/registry", registry_router)
api.add_router("/", assessments_router)
api.add_router("/", consultation_router)
api.add_router("/", reporting_router)
