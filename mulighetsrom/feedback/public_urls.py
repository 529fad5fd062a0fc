from django.urls import path

from mulighetsrom.feedback import public_views

app_name = "feedback_public"

urlpatterns = [
    path("prosjekt/<slug:public_slug>/", public_views.project_page, name="project"),
    path("prosjekt/<slug:public_slug>/subscribe/", public_views.subscribe, name="subscribe"),
    path("prosjekt/<slug:public_slug>/confirm/<str:token>/", public_views.confirm, name="confirm"),
    path("prosjekt/<slug:public_slug>/unsubscribe/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
]
