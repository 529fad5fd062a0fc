from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # Public participation pages first: no login, no cookies, and the busiest URLs under load.
    path("", include("mulighetsrom.surveys.public_urls")),
    path("", include("mulighetsrom.feedback.public_urls")),
    path("", include("mulighetsrom.privacy.public_urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("mulighetsrom.dashboard.urls")),
    path("", include("mulighetsrom.accounts.urls")),
    path("", include("mulighetsrom.projects.urls")),
    path("", include("mulighetsrom.stakeholders.urls")),
    path("", include("mulighetsrom.forecast.urls")),
    path("", include("mulighetsrom.insight.urls")),
    path("", include("mulighetsrom.needs.urls")),
    path("", include("mulighetsrom.collaboration.urls")),
    path("", include("mulighetsrom.reports.urls")),
    path("", include("mulighetsrom.surveys.urls")),
    path("", include("mulighetsrom.feedback.urls")),
    path("", include("mulighetsrom.privacy.urls")),
]
