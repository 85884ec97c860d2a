from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [path("disclosure/", views.guidance, name="guidance")]
