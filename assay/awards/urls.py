from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("nominations/", views.nominations, name="nominations"),
    path("<int:pk>/", views.announcement, name="announcement"),
    path("<int:pk>/certificate.<str:lang>.pdf", views.certificate, name="certificate"),
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("<int:pk>/jury/", views.room, name="room"),
    path("<int:pk>/jury/decide/", views.decide, name="decide"),
    path("<int:pk>/jury/announce/", views.announce, name="announce"),
    path("<int:pk>/jury/scores.<str:fmt>", views.scores_file, name="scores_file"),
    path("<int:pk>/jury/<int:nomination_pk>/conflict/", views.conflict, name="conflict"),
    path("<int:pk>/jury/<int:nomination_pk>/score/", views.score, name="score"),
    path("<int:pk>/jury/<int:nomination_pk>/pack.pdf", views.pack_pdf, name="pack"),
]
