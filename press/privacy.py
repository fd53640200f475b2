"""Personal data held by the press app: the link between a person and the releases
they wrote, and press-list entries under their address.

Press releases are the organisation's publications: on erasure they stay, with
their revisions, and lose only the link to their author.
"""

from press.models import PressListEntry, PressRelease, PressReleaseRevision


def _press_list_entries(user):
    return PressListEntry.objects.filter(email__iexact=user.email)


def personal_data(user) -> dict:
    return {
        "press_releases_written": [
            {"slug": release.slug, "language": release.language, "headline": release.headline}
            for release in PressRelease.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "press_release_revisions": PressReleaseRevision.objects.filter(author=user).count(),
        "press_list_entries": [
            {
                "organisation": entry.organisation.slug,
                "name": entry.name,
                "outlet": entry.outlet,
                "email": entry.email,
                "consent_at": entry.consent_at.isoformat(),
                "unsubscribed_at": entry.unsubscribed_at.isoformat() if entry.unsubscribed_at else None,
            }
            for entry in _press_list_entries(user).select_related("organisation").order_by("pk")
        ],
    }


def erase(user, *, now) -> None:
    PressRelease.objects.filter(author=user).update(author=None)
    PressReleaseRevision.objects.filter(author=user).update(author=None)
    _press_list_entries(user).delete()
