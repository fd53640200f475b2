"""What public pages read of the press office: a change draws a new "press"
generation (common.caching), and the moment the next embargo lifts."""

from datetime import datetime

from django.db.models import Min

from common import caching
from press.models import Attachment, PressContact, PressRelease, PressReleaseRevision

SCOPE = "press"


def connect() -> None:
    caching.invalidate_on_change(SCOPE, [PressRelease, PressReleaseRevision, Attachment, PressContact])


def next_publication(now: datetime) -> datetime | None:
    """The next publish time still ahead: at that moment a release appears on every surface."""
    return (
        PressRelease.objects.filter(
            status__in=[PressRelease.Status.PUBLISHED, PressRelease.Status.WITHDRAWN], publish_at__gt=now
        )
        .order_by()
        .aggregate(moment=Min("publish_at"))["moment"]
    )
