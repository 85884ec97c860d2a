from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from assay.accounts.views import two_factor
from assay.api.urls import api
from assay.web.favicon import favicon
from assay.web.views import service_worker

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    # ODK Collect / KoboCollect (OpenRosa): outside the language prefixes, the phone appends its own paths
    path("openrosa/", include("assay.consultation.openrosa_urls")),
    path("sw.js", service_worker, name="service_worker"),  # reading the standard offline (README)
    path("favicon.svg", favicon, name="favicon"),
    path("favicon.ico", favicon, name="favicon_ico"),  # asked for unprompted: the same icon, never a 404
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/two-factor/", two_factor, name="two_factor"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("assay.web.urls")),
    path("standards/", include("assay.standards.urls")),
    path("registry/", include("assay.assessments.actor_urls")),
    path("dashboard/", include("assay.web.dashboard_urls")),
    path("assessments/", include("assay.assessments.urls")),
    path("", include("assay.accounts.urls")),  # a user's API tokens
    path("", include("assay.disclosure.urls")),  # what is shared with whom
    path("consultation/", include("assay.consultation.urls")),
    path("outreach/", include("assay.outreach.urls")),
    path("governance/", include("assay.governance.urls")),
    path("reports/", include("assay.reporting.urls")),
    path("simulation/", include("assay.simulation.urls")),
    path("awards/", include("assay.awards.urls")),
    path("alignment/", include("assay.alignment.urls")),
    path("notifications/", include("assay.notifications.urls")),
    path("privacy/", include("assay.privacy.urls")),
    prefix_default_language=True,
)
