from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("rankings/", views.ranking_page, name="rankings"),
    path("rankings/<str:category>/", views.ranking_page, name="ranking"),
    path("rankings/downstream/<slug:slug>/", views.credit_page, name="credit"),
    path("rankings/<str:category>.<str:fmt>", views.ranking_export, name="ranking_file"),
    path("impact/", views.impact_report, name="impact"),
    path("impact.<str:fmt>", views.impact_report, name="impact_file"),
    path("impact/forum.pdf", views.impact_forum_pdf, name="impact_forum"),
    path("secretariat/", views.secretariat_dashboard, name="secretariat"),
    path("secretariat/<str:table>.<str:fmt>", views.secretariat_dashboard, name="secretariat_file"),
    path("shortlists/", views.shortlist_list, name="shortlists"),
    path("shortlists/<int:pk>/", views.shortlist_detail, name="shortlist"),
    path("shortlists/<int:pk>.<str:fmt>", views.shortlist_detail, name="shortlist_file"),
    # the actor's report on one assessment: summary or full, page or PDF; sharing it; checking a printed one
    path("assessments/<int:pk>/shares/", views.report_shares, name="report_shares"),
    path("assessments/<int:pk>/<str:part>/", views.actor_report_page, name="actor_report"),
    path("assessments/<int:pk>/<str:part>.pdf", views.actor_report_pdf, name="actor_report_pdf"),
    path("verify/<int:pk>/<str:fp>/", views.report_verify, name="report_verify"),


    # a supply-chain claim's public statement, by its token: what a customer opens to verify it
    path("claims/<str:token>/", views.claim_verify, name="claim_verify"),
    path("claims/<str:token>.<str:fmt>", views.claim_verify, name="claim_verify_file"),
]
