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
    # Reading a published version offline: what the page script saves, and the page shown for what it did not
    path("<slug:slug>/<str:label>/offline.json", views.version_offline_manifest, name="version_offline_manifest"),
    path("<slug:slug>/<str:label>/offline/", views.version_offline, name="version_offline"),
]
