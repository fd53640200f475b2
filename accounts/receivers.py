"""allauth's signals, wired to the accounts rules (accounts.services). Connected in AccountsConfig.ready()."""

from allauth.account import signals
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts import services
from accounts.models import User


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


@receiver(pre_save, sender=User)
def note_password_change(sender, instance: User, update_fields=None, **kwargs) -> None:
    # Every way a password changes (allauth's change, set and reset pages, the
    # admin, manage.py changepassword, the pre-hijacking rule) saves the user.
    instance._password_changed = False
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=User)
def password_change_revokes_the_api_token(sender, instance: User, created: bool, **kwargs) -> None:
    if getattr(instance, "_password_changed", False):
        instance._password_changed = False
        services.api_token_revoke(user=instance, reason="password_changed")
