"""Emails with the link to an evaluation, sent from a task after commit, in the
person's language. A failed send is tried again later (where the backend can defer)."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.tasks import retry_later
from evaluations.models import Invitation, Phase

logger = logging.getLogger(__name__)

SUBJECTS = {
    ("invitation", Phase.POST): _("Your evaluation of the seminar: %(seminar)s"),
    ("reminder", Phase.POST): _("Reminder: your evaluation of the seminar %(seminar)s"),
    ("invitation", Phase.PRE): _("A few questions before the seminar: %(seminar)s"),
    ("reminder", Phase.PRE): _("Reminder: a few questions before the seminar %(seminar)s"),
}


def email_after_commit(invitation_id: int, kind: str) -> None:
    transaction.on_commit(lambda: send_evaluation_email.enqueue(invitation_id, kind), robust=True)


def evaluation_path(seminar, phase: str) -> str:
    name = "evaluations:answer_pre" if phase == Phase.PRE else "evaluations:answer"
    return reverse(name, kwargs={"slug": seminar.slug})


def evaluation_message(invitation: Invitation, kind: str) -> EmailMultiAlternatives:
    seminar = invitation.questionnaire.seminar
    user = invitation.user
    language = user.preferred_language if user.preferred_language in dict(settings.LANGUAGES) else "en"
    with translation.override(language):
        context = {
            "name": user.full_name,
            "seminar": seminar,
            "phase": invitation.phase,
            "kind": kind,
            "anonymous": invitation.questionnaire.anonymous,
            "closes_at": invitation.questionnaire.closes_at,
            "url": settings.SITE_URL + evaluation_path(seminar, invitation.phase),
        }
        subject = str(SUBJECTS[kind, invitation.phase]) % {"seminar": seminar.display_title}
        text = render_to_string("evaluations/email/invitation.txt", context)
        html = render_to_string("evaluations/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


@task
def send_evaluation_email(invitation_id: int, kind: str, attempt: int = 1) -> str:
    """Send one invitation or reminder; retry later when the mail server fails."""
    invitation = (
        Invitation.objects.select_related(
            "questionnaire__seminar__organisation", "questionnaire__seminar__venue", "user"
        )
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return "gone"
    message = evaluation_message(invitation, kind)
    try:
        message.send()
    except Exception as error:
        failure = f"Evaluation invitation {invitation_id}: {kind} email failed, attempt {attempt} ({type(error).__name__})."
        if retry_later(
            send_evaluation_email, invitation_id, kind, attempt=attempt, failure=failure, logger=logger
        ):
            return "retrying"
        raise
    return "sent"
