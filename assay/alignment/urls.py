from django.urls import path

from . import views

app_name = "alignment"
urlpatterns = [
    path("", views.reference_page, name="reference"),
    path("standards/<slug:slug>/compare/", views.compare_page, name="compare"),
    path("standards/<slug:slug>/compare.<str:fmt>", views.compare_page, name="compare_file"),
    path("standards/<slug:slug>/<str:label>/", views.selfcheck_page, name="selfcheck"),
    path("standards/<slug:slug>/<str:label>.<str:fmt>", views.selfcheck_page, name="selfcheck_file"),
    path("standards/<slug:slug>/<str:label>/rate/", views.rate_page, name="rate"),
    path("crosswalks/", views.crosswalk_list, name="crosswalks"),
    path("crosswalks/<slug:slug>/", views.crosswalk_page, name="crosswalk"),
    # an actor's verified assessment read against another scheme's requirements
    path("assessments/<int:pk>/crosswalks/<slug:slug>/", views.crosswalk_report_page, name="crosswalk_report"),
    path("assessments/<int:pk>/crosswalks/<slug:slug>.<str:fmt>", views.crosswalk_report_page,
         name="crosswalk_report_file"),
]
