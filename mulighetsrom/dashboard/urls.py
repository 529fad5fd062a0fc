from django.urls import path

from mulighetsrom.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/", views.portfolio, name="portfolio"),
    path("p/<slug:slug>/", views.project_dashboard, name="project"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
