from django.urls import path

from mulighetsrom.forecast import views

app_name = "forecast"

urlpatterns = [
    path("p/<slug:slug>/forecast/", views.index, name="index"),
    path("p/<slug:slug>/forecast/new/", views.run_create, name="run_create"),
    path("p/<slug:slug>/forecast/<uuid:code>/", views.run_detail, name="run"),
    path("p/<slug:slug>/forecast/<uuid:code>/compare/", views.run_compare, name="run_compare"),
    path("p/<slug:slug>/forecast/<uuid:code>/export.xlsx", views.run_export, name="run_export"),
    path("p/<slug:slug>/forecast/<uuid:code>/delete/", views.run_delete, name="run_delete"),
    path("p/<slug:slug>/forecast/data/upload/", views.dataset_upload, name="dataset_upload"),
    path("p/<slug:slug>/forecast/data/fetch/", views.fetch_create, name="fetch_create"),
    path("p/<slug:slug>/forecast/data/fetch/<uuid:code>/", views.fetch_status, name="fetch"),
]
