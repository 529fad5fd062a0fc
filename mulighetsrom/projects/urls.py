from django.urls import path

from mulighetsrom.projects import views

app_name = "projects"

urlpatterns = [
    path("org/new/", views.organization_create, name="organization_create"),
    path("org/phases/", views.phase_model, name="phase_model"),
    path("org/expected-units/", views.expected_units, name="expected_units"),
    path("projects/new/", views.project_create, name="create"),
    path("p/<slug:slug>/edit/", views.project_edit, name="edit"),
    path("p/<slug:slug>/phases/", views.phases, name="phases"),
    path("p/<slug:slug>/phases/decide/", views.gate_decide, name="gate_decide"),
    path("p/<slug:slug>/team/", views.team, name="team"),
    path("p/<slug:slug>/team/add/", views.member_add, name="member_add"),
    path("p/<slug:slug>/team/<uuid:code>/edit/", views.member_edit, name="member_edit"),
    path("p/<slug:slug>/team/<uuid:code>/remove/", views.member_remove, name="member_remove"),
]
