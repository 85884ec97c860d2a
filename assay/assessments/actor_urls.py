from django.urls import path

from . import actor_views as views

app_name = "registry"
urlpatterns = [
    path("", views.actor_list, name="list"),
    path("export.<str:fmt>", views.actor_export, name="export"),
    path("<slug:slug>/", views.actor_detail, name="actor"),
]
