from django.urls import path

from . import views

app_name = "standards"
urlpatterns = [
    path("<slug:slug>/", views.standard_detail, name="standard"),
    path("<slug:slug>/versions/", views.version_history, name="history"),
    path("<slug:slug>/compare/", views.version_compare, name="compare"),
    path("<slug:slug>/<str:label>/", views.version_browser, name="version"),
    path("<slug:slug>/<str:label>/pdf/", views.version_pdf, name="version_pdf"),
    path("<slug:slug>/<str:label>/yaml/", views.version_yaml, name="version_yaml"),
    path("<slug:slug>/<str:label>/criteria/<str:code>/", views.criterion_detail, name="criterion"),
]
