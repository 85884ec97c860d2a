from django.urls import path

from . import views

app_name = "consultation"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/comments/", views.round_comments, name="comments"),
    path("<int:pk>/synopsis/", views.round_synopsis, name="synopsis"),
    path("<int:pk>/workshop/", views.round_workshop, name="workshop"),
    path("<int:pk>/workshop.<str:fmt>", views.round_workshop, name="workshop_file"),
    path("<int:pk>/workshop-pack-<str:lang>.pdf", views.workshop_pack, name="workshop_pack"),
    path("<int:pk>/timeline.ics", views.round_calendar, name="calendar"),
    path("<int:pk>/synopsis.<str:fmt>", views.round_synopsis, name="synopsis_file"),
    path("r/<str:token>/", views.respond, name="respond"),
    path("invite/<str:token>/", views.invitation, name="invite"),
    path("confirm/<str:code>/", views.verify_email, name="verify"),
    path("not-me/<str:code>/", views.not_me, name="not_me"),
    path("<int:pk>/review/", views.round_review, name="review"),
    path("comments/<int:pk>/redact/", views.comment_redact, name="redact"),
    path("<int:pk>/events/", views.round_events, name="events"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/xlsform-<str:lang>.xlsx", views.round_xlsform, name="xlsform"),
    path("<int:pk>/kit/", views.round_kit, name="kit"),
    path("<int:pk>/kit/slides-<str:sector>-<str:lang>.pdf", views.kit_slides, name="kit_slides"),
    path("<int:pk>/kit/handout-<str:sector>-<str:lang>.pdf", views.kit_handout, name="kit_handout"),
    path("<int:pk>/kit/guide-<str:lang>.pdf", views.kit_guide, name="kit_guide"),
    path("<int:pk>/for-producers-and-traders/", views.round_benefits, {"audience": "producers-and-traders"},
         name="benefits_upstream"),
    path("<int:pk>/for-buyers/", views.round_benefits, {"audience": "buyers"}, name="benefits_downstream"),
]
