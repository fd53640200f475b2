"""How allauth treats our users."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

# A job started before logging in (an invitation opened from its email) names
# the page where it continues. The session carries it through log-in, sign-up
# and email verification in the same browser, where a `next` parameter is lost.
CONTINUE_AFTER_LOGIN = "accounts.continue_after_login"


def continue_after_login(request: HttpRequest, url: str) -> None:
    """After the next login in this browser, go to `url` (a path on this site)."""
    request.session[CONTINUE_AFTER_LOGIN] = url


def forget_continue_after_login(request: HttpRequest) -> None:
    """The job is done (or can no longer be done): logins go to the usual page again."""
    request.session.pop(CONTINUE_AFTER_LOGIN, None)


def user_display(user) -> str:
    """How allauth names a person in its emails, pages and messages
    (ACCOUNT_USER_DISPLAY): by their email address, never by the name typed at
    sign-up. Until the address is confirmed that name may be anyone's choice,
    and allauth's confirmation email, the login code and the "signed in as"
    message go to the owner of the address, who must not read an impostor's
    words there."""
    return user.email


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """After login, the job waiting in this browser or the dashboard, in the
        language of the page the person logged in from (the one they are using
        now, which is also the language of allauth's "signed in" message)."""
        url = request.session.get(CONTINUE_AFTER_LOGIN) or super().get_login_redirect_url(request)
        return translate_url(url, translation.get_language())

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.strip().lower()
        if commit:
            user.save()
        return user
