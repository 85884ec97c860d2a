from django.urls import path

from . import views, workspace_views

app_name = "assessments"
urlpatterns = [
    path("start/<slug:slug>/", views.start, name="start"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/modules/<str:code>/", views.module_form, name="module"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/findings/", views.finding, name="finding"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("commitments/<int:pk>/", views.commitment, name="commitment"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("evidence/<int:pk>/review/", views.evidence_review, name="evidence_review"),
]
urlpatterns += [
    path("queue/", workspace_views.queue, name="queue"),
    path("queue.<str:fmt>", workspace_views.queue, name="queue_file"),
    path("assignments/<int:pk>/declare/", workspace_views.declare, name="declare"),
    path("requests/<int:pk>/", workspace_views.request_detail, name="request"),
]
