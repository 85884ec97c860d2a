from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("register/", views.register, name="register"),
    path("requests/", views.requests, name="requests"),
    path("requests/access/", views.access, name="access"),
    path("requests/erase/", views.erase, name="erase"),
]
