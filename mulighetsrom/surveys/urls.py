from django.urls import path

from mulighetsrom.surveys import views

app_name = "surveys"

P = "p/<slug:slug>/surveys/"

urlpatterns = [
    path(P, views.survey_list, name="list"),
    path(P + "<uuid:code>/", views.survey_detail, name="detail"),
    path(P + "<uuid:code>/edit/", views.survey_edit, name="edit"),
    path(P + "<uuid:code>/open/", views.survey_open, name="open"),
    path(P + "<uuid:code>/close/", views.survey_close, name="close"),
    path(P + "<uuid:code>/sections/", views.section_add, name="section_add"),
    path(P + "<uuid:code>/questions/new/", views.question_form, name="question_add"),
    path(P + "<uuid:code>/questions/<uuid:question>/", views.question_form, name="question_edit"),
    path(P + "<uuid:code>/questions/<uuid:question>/move/", views.question_move, name="question_move"),
    path(P + "<uuid:code>/questions/<uuid:question>/delete/", views.question_delete, name="question_delete"),
    path(P + "<uuid:code>/qr.<str:fmt>", views.survey_qr, name="qr"),
    path(P + "<uuid:code>/print/", views.survey_print, name="print"),
    path(P + "<uuid:code>/assisted/", views.assisted_start, name="assisted"),
    path(P + "<uuid:code>/results/", views.survey_results, name="results"),
    path(P + "<uuid:code>/export.xlsx", views.survey_export, name="export"),
]
