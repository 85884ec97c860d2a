from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.bodies, name="bodies"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/reverse/", views.decision_reverse, name="reverse"),
    path("actions/<int:pk>/status/", views.action_update, name="action_update"),
    path("why/<slug:slug>/<str:label>/<str:code>/", views.criterion_why, name="why"),
    path("justification/<slug:slug>/<str:label>/", views.justification_report, name="report"),
    path("justification/<slug:slug>/<str:label>/pdf/", views.justification_pdf, name="report_pdf"),
    path("<slug:slug>/", views.body_detail, name="body"),
    path("<slug:slug>/record/", views.meeting_record, name="record"),
]
