"""Facts about a person's login that the role rules (events.rules) build on."""

from allauth.mfa.models import Authenticator


def has_two_factor(user) -> bool:
    """The person has set up an authenticator app (TOTP); recovery codes alone do not count."""
    if not (user and user.is_authenticated):
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
