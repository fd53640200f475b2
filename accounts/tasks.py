"""Background work of the accounts app: emails sent after commit.

Tasks take ids, refetch, and are safe to run twice.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User


def password_disabled_message(*, user: User, language: str) -> EmailMultiAlternatives:
    with translation.override(language):
        context = {
            "user": user,
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined,
            "reset_url": settings.SITE_URL + reverse("account_reset_password"),
            "login_code_url": settings.SITE_URL + reverse("account_request_login_code"),
            "profile_url": settings.SITE_URL + reverse("profile_edit"),
            "site_url": settings.SITE_URL,
        }
        subject = _("Your VICTOR Seminars account: please set a new password")
        text = render_to_string("emails/password_disabled.txt", context)
        html = render_to_string("emails/password_disabled.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


@task
def send_password_disabled_email(user_id: int, language: str, audit_entry_id: int) -> str:
    """Tell the owner of an address that the password chosen at sign-up, before the
    address was verified, no longer works, and how to set one. Once per audit entry."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not AuditEntry.objects.filter(pk=audit_entry_id).exists():
        return "gone"
    if not cache.add(f"accounts:password-disabled-mailed:{audit_entry_id}", "1", timeout=7 * 24 * 3600):
        return "already sent"
    try:
        password_disabled_message(user=user, language=language).send()
    except Exception:
        cache.delete(f"accounts:password-disabled-mailed:{audit_entry_id}")
        raise
    return "sent"
