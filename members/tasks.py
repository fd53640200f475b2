"""Background work of the colleague pages: the invitation email, sent after commit.

Tasks take ids, refetch, and are safe to run twice.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.mail import address_language, email_from_templates
from common.sealing import InvalidToken, seal, unseal
from common.tasks import retry_later
from events.models import Invitation
from events.zones import organisation_zone
from members import services

logger = logging.getLogger(__name__)

INVITATION_MAIL_ATTEMPTS = 4
_SEAL_SALT = "events.tasks.invitation-token"  # as before the app split: queued emails still open


class InvitationMailError(Exception):
    """The invitation email could not be sent. The message names the invitation only:
    no address and no token, because task failures are logged."""


# Only a hash of an invitation token is stored, yet the email needs the token
# itself. The database task queue keeps a task's arguments in a table, so the
# token travels there encrypted with a key derived from SECRET_KEY: a copy of
# the database alone still reveals no working link.


def seal_token(token: str) -> str:
    """The token encrypted for the task queue; it opens only with this site's SECRET_KEY."""
    return seal(token, salt=_SEAL_SALT)


def _unseal_token(sealed: str) -> str:
    return unseal(sealed, salt=_SEAL_SALT, max_age_seconds=settings.INVITATION_VALID_DAYS * 24 * 3600)


def invitation_message(*, invitation: Invitation, token: str, language: str) -> EmailMultiAlternatives:
    with translation.override(language):
        context = {
            "organisation": invitation.organisation,
            "role": invitation.get_role_display(),
            "inviter": invitation.invited_by,
            "expires_at": invitation.expires_at,
            "zone": organisation_zone(invitation.organisation),
            "accept_url": settings.SITE_URL + reverse("members:invitation_link", kwargs={"token": token}),
            "site_url": settings.SITE_URL,
        }
        subject = _("Invitation to join %(organisation)s on VICTOR Seminars") % {
            "organisation": invitation.organisation.name
        }
        return email_from_templates(subject, "emails/invitation", context, to=[invitation.email])


@task
def send_invitation_email(
    invitation_id: int, sealed_token: str, inviter_language: str, attempt: int = 1
) -> str:
    """Email an invitation link. Nothing is sent for an invitation that is no longer
    open, or that was already mailed; a failed send is retried a few times later
    (where the task backend can defer) before the task fails."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_open():
        return "closed"
    try:
        token = _unseal_token(sealed_token)
    except InvalidToken:
        raise InvitationMailError(
            f"Invitation {invitation_id}: the link cannot be unsealed (expired, or SECRET_KEY changed)."
        ) from None
    matching = services.invitation_for_token(token)
    if matching is None or matching.pk != invitation.pk:
        raise InvitationMailError(f"Invitation {invitation_id}: the sealed link is another invitation's.")

    mailed_key = f"events:invitation-mailed:{invitation.pk}"
    valid_seconds = settings.INVITATION_VALID_DAYS * 24 * 3600
    if not cache.add(mailed_key, timezone.now().isoformat(), timeout=valid_seconds):
        return "already sent"
    # The invitee's own language if they already have an account, else the inviter's.
    language = address_language(invitation.email, inviter_language)
    try:
        invitation_message(invitation=invitation, token=token, language=language).send()
    except Exception as error:
        cache.delete(mailed_key)
        failure = f"Invitation {invitation_id}: sending failed, attempt {attempt} ({type(error).__name__})."
        if retry_later(
            send_invitation_email,
            *(invitation_id, sealed_token, inviter_language),
            attempt=attempt,
            failure=failure,
            logger=logger,
            attempts=INVITATION_MAIL_ATTEMPTS,
        ):
            return "retrying"
        # `from None`: a mail server's error may quote the recipient's address.
        raise InvitationMailError(failure) from None
    return "sent"
