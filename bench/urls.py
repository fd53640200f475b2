"""The project's URLs plus /bench/ok, the trivial view every endpoint is compared with.

/bench/ok goes through the same gunicorn worker and the same middleware as the
real pages, so the difference between the two is what the page itself costs.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok, name="bench_ok"), *project_urlpatterns]
