from django.urls import path

from mulighetsrom.stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("p/<slug:slug>/groups/", views.group_list, name="groups"),
    path("p/<slug:slug>/groups/new/", views.group_create, name="group_create"),
    path("p/<slug:slug>/groups/<uuid:code>/edit/", views.group_edit, name="group_edit"),
    path("p/<slug:slug>/groups/<uuid:code>/delete/", views.group_delete, name="group_delete"),
    path("p/<slug:slug>/engagement/", views.engagement_matrix, name="engagement"),
    path("p/<slug:slug>/engagement/<uuid:code>/<int:number>/", views.engagement_cell, name="cell"),
    path("p/<slug:slug>/engagement/<uuid:code>/<int:number>/clear/", views.engagement_clear, name="cell_clear"),
]
