"""State changes of press releases. Each says the rule it enforces; every change
is kept as a revision and sensitive ones go to the audit log."""

import os

from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from common.text import slugify
from common.uploads import EXTENSIONS, sniffed_content_type
from press import rules, tasks
from press.models import Attachment, Distribution, PressListEntry, PressRelease, PressReleaseRevision

Status = PressRelease.Status
SNAPSHOT_FIELDS = [
    "language",
    "slug",
    "headline",
    "subtitle",
    "dateline_city",
    "dateline_date",
    "lead",
    "body",
    "image_alt",
    "status",
    "publish_at",
    "correction_note",
    "withdrawal_note",
]


class PressError(Exception):
    """A press-office action that is not allowed; the message is translated."""


def _record(release: PressRelease, actor, summary: str) -> None:
    snapshot = model_to_dict(release, fields=SNAPSHOT_FIELDS)
    snapshot = {
        key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in snapshot.items()
    }
    PressReleaseRevision.objects.create(
        release=release,
        number=release.revision,
        author=actor if actor and actor.is_authenticated else None,
        summary=summary,
        snapshot=snapshot,
    )


def release_save(*, release: PressRelease, actor, summary: str = "") -> PressRelease:
    """Save a new release or a change to one, as a new revision. Only people who may
    edit it (rules.may_edit) do; a published release changes only by correction."""
    is_new = release.pk is None
    if not is_new and not rules.may_edit(actor, release):
        raise PressError(_("You may not change this press release."))
    if not is_new and release.status in (Status.PUBLISHED, Status.WITHDRAWN):
        raise PressError(_("A published release changes only through a correction."))
    release.full_clean()
    with transaction.atomic():
        if is_new:
            release.author = release.author or actor
            release.save()
        else:
            release.revision = F("revision") + 1
            release.save()
            release.refresh_from_db(fields=["revision"])
        _record(release, actor, summary or ("created" if is_new else "edited"))
    return release


def _transition(release: PressRelease, actor, *, status, action: str, summary: str, **fields) -> PressRelease:
    with transaction.atomic():
        release = PressRelease.objects.select_for_update().get(pk=release.pk)
        release.status = status
        for name, value in fields.items():
            setattr(release, name, value)
        release.revision += 1
        release.save()
        _record(release, actor, summary)
        audit.record(actor=actor, action=action, target=release, slug=release.slug)
    return release


def release_submit_for_review(*, release: PressRelease, actor) -> PressRelease:
    """A draft goes to the press officers for review."""
    if not rules.may_edit(actor, release) or release.status != Status.DRAFT:
        raise PressError(_("Only a draft can be sent for review."))
    return _transition(release, actor, status=Status.REVIEW, action="press.review", summary="sent for review")


def release_publish(*, release: PressRelease, actor, publish_at=None, now=None) -> PressRelease:
    """Press officers publish, now or at a later time (embargo): until then the
    release is invisible everywhere, without any worker having to run. An address
    that a public release has is refused (it would show the other release)."""
    if not rules.may_publish(actor, release):
        raise PressError(_("Only the organisation's press officers may publish."))
    if release.status not in (Status.DRAFT, Status.REVIEW):
        raise PressError(_("This release is already published."))
    now = now or timezone.now()
    # Which addresses public releases have is public knowledge; another
    # organisation's embargoed release is not, and is not looked at.
    if PressRelease.objects.public(now=now).filter(slug=release.slug).exclude(pk=release.pk).exists():
        raise PressError(
            _(
                "A published press release already has the web address “%(slug)s”. "
                "Change this release's address, then publish it."
            )
            % {"slug": release.slug}
        )
    publish_at = publish_at or now
    return _transition(
        release,
        actor,
        status=Status.PUBLISHED,
        action="press.publish",
        summary=f"published for {publish_at.isoformat()}",
        publish_at=publish_at,
    )


def release_correct(
    *, release: PressRelease, actor, note: str, changes: dict | None = None, now=None
) -> PressRelease:
    """After publication a release changes only by a correction, which the page shows with its note."""
    if not rules.may_publish(actor, release):
        raise PressError(_("Only the organisation's press officers may correct a release."))
    if release.status != Status.PUBLISHED:
        raise PressError(_("Only a published release can be corrected."))
    if not note.strip():
        raise PressError(_("Say what was corrected."))
    for name, value in (changes or {}).items():
        if name not in ("headline", "subtitle", "lead", "body", "image_alt"):
            raise PressError(_("That field cannot be corrected."))
        setattr(release, name, value)
    release.full_clean()
    return _transition(
        release,
        actor,
        status=Status.PUBLISHED,
        action="press.correct",
        summary="corrected",
        corrected_at=now or timezone.now(),
        correction_note=note.strip(),
        **{name: getattr(release, name) for name in (changes or {})},
    )


def release_withdraw(*, release: PressRelease, actor, note: str, now=None) -> PressRelease:
    """A withdrawn release leaves lists and feeds; its page says it was withdrawn."""
    if not rules.may_publish(actor, release):
        raise PressError(_("Only the organisation's press officers may withdraw a release."))
    if release.status != Status.PUBLISHED:
        raise PressError(_("Only a published release can be withdrawn."))
    return _transition(
        release,
        actor,
        status=Status.WITHDRAWN,
        action="press.withdraw",
        summary="withdrawn",
        withdrawn_at=now or timezone.now(),
        withdrawal_note=note.strip(),
    )


def press_list_send(*, release: PressRelease, actor, now=None) -> int:
    """Send a scheduled release to the organisation's press list before its publish
    time, each journalist in their language when a translation exists. Idempotent:
    a journalist gets one mail per release, however often this runs. Returns how
    many mails were queued."""
    now = now or timezone.now()
    if not rules.may_publish(actor, release):
        raise PressError(_("Only the organisation's press officers may send to the press list."))
    if release.status != Status.PUBLISHED or release.publish_at is None or release.publish_at <= now:
        raise PressError(_("Only a release scheduled for later can be sent under embargo."))
    versions = {
        version.language: version
        for version in PressRelease.objects.filter(translation_group=release.translation_group)
        if version.status == Status.PUBLISHED
    }
    queued = 0
    with transaction.atomic():
        for entry in PressListEntry.objects.filter(
            organisation=release.organisation, unsubscribed_at__isnull=True
        ):
            version = versions.get(entry.language, release)
            distribution, created = Distribution.objects.get_or_create(
                translation_group=release.translation_group, entry=entry, defaults={"release": version}
            )
            if created:
                tasks.send_after_commit(distribution)
                queued += 1
        audit.record(actor=actor, action="press.distribute", target=release, queued=queued)
    return queued


# Attachments (added with the press area). A release's files change like its text:
# only while it is a draft or in review, each change a revision.

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def _check_attachments_editable(release: PressRelease, actor) -> None:
    if not rules.may_edit(actor, release):
        raise PressError(_("You may not change this press release."))
    if release.status not in (Status.DRAFT, Status.REVIEW):
        raise PressError(_("Attachments change only while the release is a draft or in review."))
    if release.author_id is None:
        # The model requires an author when release_save validates it: a release
        # whose author's account was erased is adopted by whoever changes it next.
        release.author = actor


def attachment_add(*, release: PressRelease, actor, title: str, file) -> Attachment:
    """Attach a PDF, PNG or JPEG of at most 10 MB, recognised by its content: a
    program renamed to .pdf is refused and nothing is stored. The file is stored
    under a name whose extension matches what it really is."""
    _check_attachments_editable(release, actor)
    if not title.strip():
        raise PressError(_("Give the attachment a title."))
    if file.size > ATTACHMENT_MAX_BYTES:
        raise PressError(_("The file is larger than 10 MB. Attach a smaller one."))
    content_type = sniffed_content_type(file)
    if content_type is None:
        raise PressError(
            _(
                "Only PDF, PNG and JPEG files can be attached. This file is none of them, whatever its name says."
            )
        )
    stem = slugify(os.path.splitext(os.path.basename(file.name or ""))[0])[:60] or "attachment"
    attachment = Attachment(release=release, title=title.strip(), content_type=content_type, size=file.size)
    with transaction.atomic():
        attachment.file.save(f"{stem}.{EXTENSIONS[content_type]}", file, save=False)
        try:
            attachment.full_clean()
            attachment.save()
            release_save(release=release, actor=actor, summary=f"attachment added: {attachment.title}"[:200])
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_remove(*, attachment: Attachment, actor) -> None:
    """Remove an attachment of a draft or a release in review; the file goes after commit."""
    release = attachment.release
    _check_attachments_editable(release, actor)
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        release_save(release=release, actor=actor, summary=f"attachment removed: {attachment.title}"[:200])
        transaction.on_commit(lambda: storage.delete(name))
