"""Embargoed advance copies of press releases to the press list, sent from a task
after commit, one mail per journalist, in their language. A failed send is tried
again later; a sent one is never sent again."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from common.markdown import render_markdown
from common.tasks import retry_later
from common.timezones import local_datetime
from events.zones import organisation_zone
from press.models import Distribution, PressRelease

logger = logging.getLogger(__name__)


def send_after_commit(distribution: Distribution) -> None:
    """Send the advance copy once the current transaction has committed."""
    distribution_id = distribution.pk
    transaction.on_commit(lambda: send_distribution.enqueue(distribution_id), robust=True)


def distribution_message(distribution: Distribution) -> EmailMultiAlternatives:
    """The advance copy for one journalist: the embargo first (subject and top of
    the body), then the release, its contact and how to leave the list."""
    release, entry = distribution.release, distribution.entry
    language = entry.language if entry.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        embargo_until = local_datetime(release.publish_at, organisation_zone(release.organisation))
        embargo = _("EMBARGOED UNTIL %(time)s") % {"time": embargo_until}
        subject = _("EMBARGOED UNTIL %(time)s – %(headline)s") % {
            "time": embargo_until,
            "headline": release.headline,
        }
        link = settings.SITE_URL + reverse("press_unsubscribe", kwargs={"token": entry.unsubscribe_token})
        context = {
            "release": release,
            "entry": entry,
            "organisation": release.organisation,
            "contact": release.contact,
            "embargo": embargo,
            # Markdown reads well as plain text; only stray HTML is taken out.
            "body_text": strip_tags(release.body),
            "body_html": render_markdown(release.body),
            "unsubscribe_url": link,
        }
        text = render_to_string("press/email/embargo.txt", context)
        html = render_to_string("press/email/embargo.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[entry.email],
        reply_to=[release.contact.email] if release.contact else None,
        headers={
            "List-Unsubscribe": f"<{link}>",
            # RFC 8058 one-click: mail clients POST here; the page accepts it.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


@task
def send_distribution(distribution_id: int, attempt: int = 1) -> str:
    """Send one advance copy, at most once: the row is locked while sending, and a
    copy already sent (by this or another worker) is skipped. When the mail server
    fails, try again later (where the task backend can defer), up to MAIL_ATTEMPTS
    times. Copies of a withdrawn release, or to someone who left the list since,
    are not sent."""
    with transaction.atomic():
        distribution = (
            Distribution.objects.select_for_update(of=("self",))
            .select_related("entry", "release__organisation", "release__contact")
            .filter(pk=distribution_id)
            .first()
        )
        if distribution is None:
            return "gone"
        if distribution.sent_at is not None:
            return "already sent"
        if distribution.entry.unsubscribed_at is not None:
            return "unsubscribed"
        if distribution.release.status != PressRelease.Status.PUBLISHED:
            return "not published"
        message = distribution_message(distribution)
        try:
            message.send()
        except Exception as error:
            failure = error
        else:
            distribution.sent_at = timezone.now()
            distribution.save(update_fields=["sent_at"])
            return "sent"
    # Outside the transaction: the lock is released before a retry is queued.
    description = (
        f"Press distribution {distribution_id}: email failed, attempt {attempt} ({type(failure).__name__})."
    )
    if retry_later(send_distribution, distribution_id, attempt=attempt, failure=description, logger=logger):
        return "retrying"
    raise failure
