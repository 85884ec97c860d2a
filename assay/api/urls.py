"""The JSON API at /api/v1/: one NinjaAPI; each domain app contributes a router."""

from typing import Any

from ninja import NinjaAPI

from assay.accounts.tokens import OptionalTokenAuth
from assay.assessments.actor_api import router as registry_router
from assay.assessments.api import router as assessments_router
from assay.awards.api import router as awards_router
from assay.consultation.api import router as consultation_router
from assay.lib.api import JSONParser, install_error_handlers
from assay.notifications.api import router as notifications_router
from assay.reporting.api import router as reporting_router
from assay.standards.api import router as standards_router


class AssayAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Public operations take a token but do not need one: say so as OpenAPI does, with an empty
        alternative ({}) beside the bearer scheme."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schemes = schema.get("components", {}).get("securitySchemes", {})
        if schemes.pop("OptionalTokenAuth", None) is not None:
            schemes.setdefault("TokenAuth", {"type": "http", "scheme": "bearer"})
        for operations in schema["paths"].values():
            for operation in operations.values():
                if {"OptionalTokenAuth": []} in operation.get("security", []):
                    operation["security"] = [{"TokenAuth": []}, {}]
        return schema


api = AssayAPI(
    title="Assay API",
    version="1",
    description="Assay: standards (versions, modules, criteria, levels in EN, FR and ES), the public registry, "
    "members' assessments with their scores and explanations, the consultation, rankings, award shortlists, "
    "announced awards and "
    "the impact report. Sign in with a personal API token (`Authorization: Bearer assay_…`, created on the API "
    "tokens page) or, from a browser, with the session and its CSRF token. Bodies are JSON; every refusal is a "
    "`Problems` object: `detail` and `problems` keyed by field.",
    urls_namespace="api",
    parser=JSONParser(),
    auth=OptionalTokenAuth(),
)
install_error_handlers(api)
api.add_router("/", standards_router)
api.add_router("/registry", registry_router)
api.add_router("/", assessments_router)
api.add_router("/", consultation_router)
api.add_router("/", reporting_router)
api.add_router("/", notifications_router)
api.add_router("/", awards_router)
