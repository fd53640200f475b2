"""Security headers Django does not set itself."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Every response carries a Permissions-Policy that switches off the browser
    features no page of the site uses (camera, microphone, location, payment and
    the like), so injected or embedded code cannot ask for them either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
