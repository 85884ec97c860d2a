from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("rankings/", views.ranking_page, name="rankings"),
    path("rankings/<str:category>/", views.ranking_page, name="ranking"),
    path("rankings/<str:category>.<str:fmt>", views.ranking_export, name="ranking_file"),
    path("shortlists/", views.shortlist_list, name="shortlists"),
    path("shortlists/<int:pk>/", views.shortlist_detail, name="shortlist"),
    path("shortlists/<int:pk>.<str:fmt>", views.shortlist_detail, name="shortlist_file"),
]
