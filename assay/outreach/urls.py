from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("mailings/preview/", views.mailing_preview, name="mailing_preview"),
    path("mailings/new/", views.mailing_new, name="mailing_new"),
    path("mailings/<int:pk>/", views.mailing_detail, name="mailing"),
    path("mailings/<int:pk>.<str:fmt>", views.mailing_detail, name="mailing_file"),
    path("rounds/<int:round_pk>/partners/<int:partner_pk>/package-<str:lang>.zip", views.partner_package,
         name="package"),
    path("plans/", views.plans, name="plans"),
    path("plans.<str:fmt>", views.plans, name="plans_file"),
    path("plans/<int:partner_pk>/<int:round_pk>/", views.plan, name="plan"),
    path("lists/", views.lists, name="lists"),
    path("lists/<slug:slug>/", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("t/<str:token>/", views.track, name="track"),
]
