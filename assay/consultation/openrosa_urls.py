"""The OpenRosa endpoints, mounted at /openrosa/ outside the language prefixes: ODK Collect is given the server
URL …/openrosa (or …/openrosa/fr, …/openrosa/es) and appends formList and submission to it."""

from django.urls import path

from . import openrosa

app_name = "openrosa"
urlpatterns = [
    path("formList", openrosa.form_list, name="form_list"),
    path("submission", openrosa.submission, name="submission"),
    path("forms/<int:pk>/<str:lang>.xml", openrosa.form_download, name="form"),
    path("<str:lang>/formList", openrosa.form_list, name="form_list"),
    path("<str:lang>/submission", openrosa.submission, name="submission"),
]
