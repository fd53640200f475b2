"""A person's data across the apps: export (what we hold about them) and erasure.

Each app that holds personal data has a `privacy` module (a provider) with
`personal_data(user) -> dict` (JSON-serialisable) and `erase(user, *, now)`
(erase or anonymise the person's data in that app, inside the caller's
transaction). PROVIDERS lists them in dependency order; a missing module fails
at the first export or erasure, never silently.
"""

import importlib
from datetime import datetime
from types import ModuleType

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from events import rules
from events.models import Membership

PROVIDERS = (
    "accounts.privacy",
    "events.privacy",
    "registrations.privacy",
    "attendance.privacy",
    "press.privacy",
    "evaluations.privacy",
    "certificates.privacy",
)
EXPORT_FORMAT = "victor-seminars-personal-data/1"


class ErasureError(Exception):
    """An account that may not be erased now; the message is translated."""


def providers() -> list[ModuleType]:
    return [importlib.import_module(path) for path in PROVIDERS]


def export_user_data(user, *, now: datetime | None = None) -> dict:
    """Everything we hold about `user`, one section per app."""
    data = {"format": EXPORT_FORMAT, "exported_at": (now or timezone.now()).isoformat()}
    for provider in providers():
        data[provider.__name__.split(".")[0]] = provider.personal_data(user)
    return data


def erasure_refusal(user) -> str | None:
    """Why this account may not be erased now (None: it may). An organisation keeps
    at least one organiser, and the site at least one coordinator."""
    other_coordinators = (
        get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
    )
    if rules.is_coordinator(user) and not other_coordinators.exists():
        return _("You are the only coordinator. Make someone else a coordinator first.")
    other_organisers = Membership.objects.filter(
        organisation=OuterRef("organisation"), role=Membership.Role.ORGANISER
    ).exclude(user=user)
    sole = list(
        Membership.objects.filter(user=user, role=Membership.Role.ORGANISER)
        .exclude(Exists(other_organisers))
        .values_list("organisation__name", flat=True)
    )
    if sole:
        return _("You are the only organiser of %(organisations)s. Invite another organiser first.") % {
            "organisations": ", ".join(sole)
        }
    return None


def erase_account(user, actor, *, now: datetime | None = None) -> None:
    """Erase a person: every provider erases or anonymises its data (dependents
    first, as they find the person through links the others remove), one audit
    entry keeps only the account's number, and the account row is deleted. One
    transaction: all of it or nothing. `actor` is None when people erase themselves."""
    now = now or timezone.now()
    with transaction.atomic():
        refusal = erasure_refusal(user)
        if refusal is not None:
            raise ErasureError(refusal)
        for provider in reversed(providers()):
            provider.erase(user, now=now)
        audit.record(actor=actor, action="account.erase", target=user)
        user.delete()
