from django.urls import path

from mulighetsrom.privacy import views

app_name = "privacy"

P = "p/<slug:slug>/privacy/"

urlpatterns = [
    path(P + "responses/", views.response_search, name="responses"),
    path(P + "responses/<uuid:code>/", views.response_detail, name="response"),
    path(P + "responses/<uuid:code>/delete/", views.response_delete, name="response_delete"),
    path(P + "responses/<uuid:code>/withdraw/", views.response_withdraw, name="response_withdraw"),
    path(P + "observations/", views.observation_search, name="observations"),
    path(P + "observations/act/", views.observation_act, name="observation_act"),
    path("account/my-data/", views.my_data, name="my_data"),
    path("org/people/<uuid:code>/erase/", views.person_erase, name="person_erase"),
    path("org/privacy-log/", views.audit_list, name="audit"),
]
