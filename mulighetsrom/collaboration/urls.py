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
    path(P + "comments/<slug:kind>/<uuid:code>/", views.comment_add, name="comment_add"),
    path(P + "assignments/<slug:kind>/<uuid:code>/", views.assignment_add, name="assignment_add"),
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
    path(P + "team/suggest/", views.team_suggest, name="team_suggest"),
    path("my/tasks/", views.my_tasks, name="my_tasks"),
    path("my/tasks/<uuid:code>/done/", views.assignment_done, name="assignment_done"),
    path("my/notifications/", views.notification_list, name="notifications"),
    path("my/notifications/read/", views.notifications_read, name="notifications_read"),
    path("org/competence/", views.competence_map, name="competence"),
    path("org/competence/<uuid:code>/edit/", views.competence_edit, name="competence_edit"),
    path("org/methods/", views.method_library, name="method_library"),
    path("org/methods/export.json", views.method_library_export, name="method_library_export"),
]
