"""allauth's signals, wired to the accounts rules (accounts.services). Connected in AccountsConfig.ready()."""

from allauth.account import signals
from django.dispatch import receiver

from accounts import services


@receiver(signals.user_signed_up)
def password_set_at_sign_up(sender, request, user, **kwargs) -> None:
    services.remember_password_known_here(request=request, user=user)


@receiver(signals.authentication_step_completed)
def password_proven_by_login(sender, request, user, method, **kwargs) -> None:
    # A password login on an unverified account stops at "confirm your address";
    # confirming in this session then proves both.
    if method == "password":
        services.remember_password_known_here(request=request, user=user)


@receiver(signals.password_reset)
def password_set_by_reset(sender, request, user, **kwargs) -> None:
    # The reset link came to the address: whoever set this password reads its mail.
    services.remember_password_known_here(request=request, user=user)


@receiver(signals.email_confirmed)
def unproven_password_ends_on_verification(sender, request, email_address, **kwargs) -> None:
    """Whatever verified the address (link, login code, password reset code, admin)."""
    if services.password_is_unproven(request=request, email_address=email_address):
        match = getattr(request, "resolver_match", None)
        services.disable_unproven_password(
            user=email_address.user, request=request, how=getattr(match, "url_name", None) or "other"
        )
