from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard_index, name="index"),
    path("<slug:slug>/", views.actor_dashboard, name="actor"),
    path("<slug:slug>/sharing/", views.actor_sharing, name="sharing"),
]
