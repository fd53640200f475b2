"""How programs sign in to the API: `Authorization: Token <key>`, checked against
the stored digest of the person's API token (accounts.models.ApiToken)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.models import ApiToken

# Writing "last used" on every request would cost a write per API call.
LAST_USED_PRECISION = timedelta(hours=1)


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's token header and answers (401 with `WWW-Authenticate: Token`), our token store."""

    keyword = "Token"
    model = ApiToken

    def authenticate_credentials(self, key: str):
        token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("This API token has expired. Create a new one on your account's API token page.")
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.user, token)
