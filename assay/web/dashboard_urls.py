"""The members' dashboards: the web app joins the start page with the pages of the apps below it."""

from django.urls import path

from assay.assessments import actor_views, workspace_views
from assay.disclosure import views as disclosure
from assay.reporting import views as reporting

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard_index, name="index"),
    path("<slug:slug>/", actor_views.actor_dashboard, name="actor"),
    path("<slug:slug>/sharing/", disclosure.actor_sharing, name="sharing"),
    path("<slug:slug>/commitments.<str:fmt>", actor_views.commitments_file, name="commitments_file"),
    path("<slug:slug>/requests/", workspace_views.actor_requests, name="requests"),
    path("<slug:slug>/requests.<str:fmt>", workspace_views.actor_requests, name="requests_file"),
    path("<slug:slug>/supply-chain/", reporting.supply_chain_page, name="supply_chain"),
    path("<slug:slug>/supply-chain.<str:fmt>", reporting.supply_chain_page, name="supply_chain_file"),
    path("<slug:slug>/support/", reporting.support_page, name="support"),
    path("<slug:slug>/support.<str:fmt>", reporting.support_page, name="support_file"),
    path("<slug:slug>/support/engage/", reporting.engagement_new, name="engagement_new"),
    path("<slug:slug>/claims/", reporting.claims_page, name="claims"),
    path("<slug:slug>/claims/<int:pk>/", reporting.claim_page, name="claim"),
]
