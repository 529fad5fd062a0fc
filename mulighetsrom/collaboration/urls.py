from django.urls import path

from mulighetsrom.collaboration import views

app_name = "collaboration"
P = "p/<slug:slug>/"

urlpatterns = [
    path(P + "decisions/", views.decision_list, name="decisions"),
    path(P + "decisions/new/", views.decision_create, name="decision_create"),
    path(P + "decisions/<uuid:code>/", views.decision_detail, name="decision_detail"),
    path(P + "decisions/<uuid:code>/edit/", views.decision_edit, name="decision_edit"),
    path(P + "decisions/<uuid:code>/supersede/", views.decision_supersede, name="decision_supersede"),
    path(P + "decisions/<uuid:code>/comment/", views.decision_comment, name="decision_comment"),
    path(P + "raci/", views.raci, name="raci"),
    path(P + "raci/tasks/", views.raci_task_add, name="raci_task_add"),
    path(P + "raci/export.xlsx", views.raci_export, name="raci_export"),
    path(P + "raci/<uuid:code>/", views.raci_row, name="raci_row"),
    path(P + "canvas/", views.canvas, name="canvas"),
    path(P + "canvas/print/", views.canvas_print, name="canvas_print"),
    path(P + "canvas/<slug:key>/", views.canvas_section, name="canvas_section"),
    path(P + "canvas/<slug:key>/history/", views.canvas_history, name="canvas_history"),
    path(P + "health/", views.health, name="health"),
    path(P + "health/answer/", views.pulse_answer, name="pulse_answer"),
    path(P + "health/evaluation/", views.evaluation_add, name="evaluation_add"),
]
