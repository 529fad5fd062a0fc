from django.urls import path

from mulighetsrom.reports import views

app_name = "reports"

P = "p/<slug:slug>/documents/"

urlpatterns = [
    path(f"{P}", views.document_list, name="documents"),
    path(f"{P}new/", views.document_request, name="request"),
    path(f"{P}<uuid:code>/", views.document_status, name="document"),
    path(f"{P}<uuid:code>/download/", views.document_download, name="download"),
    path(f"{P}survey/<uuid:code>/paper/", views.survey_paper, name="survey_paper"),
]
