from django.urls import path

from mulighetsrom.accounts import views

app_name = "accounts"

urlpatterns = [
    path("org/units/", views.unit_list, name="units"),
    path("org/units/new/", views.unit_form, name="unit_create"),
    path("org/units/<uuid:code>/edit/", views.unit_form, name="unit_edit"),
    path("org/people/", views.person_list, name="people"),
    path("org/people/new/", views.person_form, name="person_create"),
    path("org/people/<uuid:code>/edit/", views.person_form, name="person_edit"),
    path("org/invitations/", views.invitation_list, name="invitations"),
    path("org/invitations/<uuid:code>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
