from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.actor_list, name="list"),
    path("<slug:slug>/", views.actor_detail, name="actor"),
]
