"""Pages for the people who hold a role in some organisation."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def organisation_area(organisations_of, *, or_else=lambda user: False):
    """A view decorator: login, then at least one organisation in
    `organisations_of(user)` (or `or_else(user)`), else 403. The organisations
    become request.area_organisations."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            organisations = list(organisations_of(request.user))
            if not organisations and not or_else(request.user):
                raise PermissionDenied
            request.area_organisations = organisations
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
