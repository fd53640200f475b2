"""Account rules: whose password counts once an address is verified, and API tokens.

Account pre-hijacking: anyone may sign up with someone else's address and a
password of their choosing. The account stays unverified, but once the real
owner verifies the address (by the link, by logging in with an emailed code, by
resetting the password), the sign-up's password would open the owner's account.
So a password is trusted only when the browser session that set it (or proved
it by logging in) is also the one that verified the address.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import ApiToken, PrivacyConsent, User
from accounts.privacy import delete_sessions
from accounts.tasks import send_password_disabled_email

# The session that set or proved the current password of an account, kept as a
# fingerprint of (account, password hash): a later password change voids it.
KNOWN_HERE_SESSION_KEY = "accounts.password_known_here"


def _password_fingerprint(user: User) -> str:
    return salted_hmac(
        "accounts.password-known-here", f"{user.pk}:{user.password}", algorithm="sha256"
    ).hexdigest()


def remember_password_known_here(*, request: HttpRequest | None, user: User) -> None:
    """This browser session set the account's password, or logged in with it."""
    if request is not None and hasattr(request, "session") and user.pk is not None:
        request.session[KNOWN_HERE_SESSION_KEY] = _password_fingerprint(user)


def password_known_here(*, request: HttpRequest | None, user: User) -> bool:
    if request is None or not hasattr(request, "session"):
        return False
    return request.session.get(KNOWN_HERE_SESSION_KEY) == _password_fingerprint(user)


def password_is_unproven(*, request: HttpRequest | None, email_address: EmailAddress) -> bool:
    """Whether verifying `email_address` now leaves a password nobody has shown to be
    the owner's: the account has a password, no other verified address (else it was
    proven before, and this is an address being added), and this session neither
    set that password nor logged in with it."""
    user = email_address.user
    if not user.has_usable_password():
        return False
    if EmailAddress.objects.filter(user=user, verified=True).exclude(pk=email_address.pk).exists():
        return False
    return not password_known_here(request=request, user=user)


def disable_unproven_password(*, user: User, request: HttpRequest | None, how: str) -> None:
    """The owner has just proven the address of an account whose password was set
    before by someone who never did (`how`: the page that verified it, e.g.
    account_confirm_login_code): that password stops working (the owner sets one
    if they want), the account's API token and every other session end with it,
    the owner is told by email in the language they are using (their profile's
    when a coordinator verified the address), and the audit log keeps a line. The
    privacy consent given at sign-up goes (the owner gives their own when they
    register); the name the sign-up typed stays, and the email quotes it."""
    # The owner at the keyboard (logging in by code, following the link), or a
    # coordinator in the admin, whose language and messages are not the owner's.
    acting = getattr(request, "user", None)
    by_owner = acting is not None and (not acting.is_authenticated or acting.pk == user.pk)
    language = translation.get_language() if by_owner else user.preferred_language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with transaction.atomic():
        user.set_unusable_password()
        user.save(update_fields=["password"])
        session = getattr(request, "session", None)
        if by_owner and acting.is_authenticated:
            update_session_auth_hash(request, user)
        delete_sessions(user, except_key=session.session_key if by_owner and session is not None else None)
        # Agreed at sign-up by whoever chose the password, not shown to be the owner.
        consents, _details = PrivacyConsent.objects.filter(user=user).delete()
        entry = audit.record(
            actor=user,
            action="account.unproven_password_disabled",
            target=user,
            how=how,
            consents_removed=consents,
        )
        transaction.on_commit(
            lambda: send_password_disabled_email.enqueue(user.pk, language, entry.pk), robust=True
        )
    if by_owner and hasattr(request, "_messages"):
        messages.warning(
            request,
            _(
                "The password chosen when this account was created no longer works, because it was "
                "not chosen in this browser. We have emailed you how to set a new one; meanwhile "
                "you can log in with a code sent by email."
            ),
        )


def api_token_create(*, user: User, now=None) -> tuple[ApiToken, str]:
    """A new API token for `user`, replacing any old one (programs using it stop
    working); returns the token and its key, which is never stored and so can be
    shown only now. Audited against the person, never naming the key."""
    with transaction.atomic():
        replaced, _details = ApiToken.objects.filter(user=user).delete()
        token, key = ApiToken.build(user=user, now=now)
        token.save()
        audit.record(
            actor=user,
            action="api_token.regenerate" if replaced else "api_token.create",
            target=user,
            expires_at=token.expires_at.isoformat(),
        )
    return token, key


def api_token_revoke(*, user: User, reason: str = "revoked") -> bool:
    """Delete the person's API token, if any (`reason`: "revoked" by the person,
    "password_changed"); audited. Whether there was one."""
    deleted, _details = ApiToken.objects.filter(user=user).delete()
    if deleted:
        audit.record(actor=user, action="api_token.revoke", target=user, reason=reason)
    return bool(deleted)
