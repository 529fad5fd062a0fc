"""The app's URLs plus two bare views for benchmarks/survey_load.py."""

import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from mulighetsrom.surveys.models import RateBucket
from mulighetsrom.urls import urlpatterns as app_urlpatterns


@csrf_exempt
def insert(request: HttpRequest) -> HttpResponse:
    """The ceiling: one INSERT per request, nothing else."""
    RateBucket.objects.create(key=f"bench-{uuid.uuid4().hex}")
    return HttpResponse("ok")


def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/insert/", insert), path("bench/ping/", ping), *app_urlpatterns]
