from django.urls import path

from mulighetsrom.surveys import public_views

app_name = "surveys_public"

urlpatterns = [
    path("s/<str:token>/", public_views.survey_intro, name="intro"),
    path("s/<str:token>/start/", public_views.survey_start, name="start"),
    path("s/<str:token>/r/<str:rtoken>/<int:number>/", public_views.response_page, name="page"),
    path("s/<str:token>/r/<str:rtoken>/done/", public_views.response_done, name="done"),
]
