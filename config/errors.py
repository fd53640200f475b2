"""What the site answers when a request fails on our side."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

# How long clients are asked to wait: a database restart or failover takes seconds.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. An unreachable database (restarting, failing over) answers 503
    with Retry-After and a translated "try again" (JSON under /api/): the
    request's open transaction was rolled back, so trying again is safe. Any
    other error is Django's 500 page."""
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        message = _("The service is briefly unavailable. Please try again in a minute.")
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
