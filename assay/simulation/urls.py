from django.urls import path

from . import views

app_name = "simulation"
urlpatterns = [
    path("", views.simulation_list, name="list"),
    path("<int:pk>/", views.simulation_detail, name="detail"),
    path("<int:pk>.<str:fmt>", views.simulation_file, name="file"),
    path("<int:pk>/moves/", views.simulation_moves, name="moves"),
    path("<int:pk>/moves/<int:move>/", views.simulation_move, name="move"),
    path("<int:pk>/attach/", views.simulation_attach, name="attach"),
    path("<int:pk>/summary/", views.simulation_summary, name="summary"),
    path("<int:pk>/summary.pdf", views.simulation_summary_pdf, name="summary_pdf"),
]
