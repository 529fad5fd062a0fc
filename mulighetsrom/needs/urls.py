from django.urls import path

from mulighetsrom.needs import trace_views, views

app_name = "needs"

P = "p/<slug:slug>/"

urlpatterns = [
    path(P + "needs/", views.need_list, name="needs"),
    path(P + "needs/new/", views.need_create, name="need_create"),
    path(P + "needs/<uuid:code>/", views.need_detail, name="need_detail"),
    path(P + "needs/<uuid:code>/edit/", views.need_edit, name="need_edit"),
    path(P + "needs/<uuid:code>/delete/", views.need_delete, name="need_delete"),
    path(P + "needs/<uuid:code>/references/", views.reference_add, name="reference_add"),
    path(P + "needs/references/<uuid:code>/delete/", views.reference_delete, name="reference_delete"),
    path(P + "needs/from-insight/<uuid:code>/", views.need_from_insight, name="need_from_insight"),
    path(P + "needs/from-forecast/<uuid:code>/", views.need_from_forecast, name="need_from_forecast"),
    path(P + "requirements/", views.requirement_list, name="requirements"),
    path(P + "requirements/new/", views.requirement_create, name="requirement_create"),
    path(P + "requirements/export.xlsx", trace_views.requirements_export, name="requirements_export"),
    path(P + "requirements/<uuid:code>/", views.requirement_detail, name="requirement_detail"),
    path(P + "requirements/<uuid:code>/edit/", views.requirement_edit, name="requirement_edit"),
    path(P + "requirements/<uuid:code>/delete/", views.requirement_delete, name="requirement_delete"),
    path(P + "requirements/<uuid:code>/link/", views.requirement_link, name="requirement_link"),
    path(P + "requirements/<uuid:code>/unlink/<uuid:need>/", views.requirement_unlink, name="requirement_unlink"),
    path(P + "programme/", views.programme, name="programme"),
    path(P + "programme/factor/", views.programme_factor, name="programme_factor"),
    path(P + "programme/new/", views.room_create, name="room_create"),
    path(P + "programme/import/", trace_views.programme_import, name="programme_import"),
    path(P + "programme/export.xlsx", trace_views.programme_export, name="programme_export"),
    path(P + "programme/<uuid:code>/", views.room_detail, name="room_detail"),
    path(P + "programme/<uuid:code>/edit/", views.room_edit, name="room_edit"),
    path(P + "programme/<uuid:code>/delete/", views.room_delete, name="room_delete"),
    path(P + "programme/<uuid:code>/adjacency/", views.adjacency_add, name="adjacency_add"),
    path(P + "programme/<uuid:code>/adjacency/<int:pk>/delete/", views.adjacency_delete, name="adjacency_delete"),
    path(P + "traceability/", trace_views.matrix, name="matrix"),
    path(P + "traceability/export.xlsx", trace_views.matrix_export, name="matrix_export"),
    path(P + "traceability/gaps/", trace_views.gaps, name="gaps"),
    path(P + "traceability/cuts/", trace_views.cuts, name="cuts"),
    path(P + "traceability/observations/<uuid:code>/", trace_views.observation_trace, name="observation_trace"),
    path(P + "baselines/", trace_views.baselines, name="baselines"),
    path(P + "baselines/compare/", trace_views.baseline_compare, name="baseline_compare"),
    path(P + "library/", trace_views.library, name="library"),
    path(P + "library/add/<str:kind>/<uuid:code>/", trace_views.library_add, name="library_add"),
    path(P + "library/<uuid:code>/copy/", trace_views.library_copy, name="library_copy"),
]
