"""A scan of every table for personal data, for the erasure and purge tests."""

import json

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def places_holding(*texts: str) -> set[tuple[str, str]]:
    """(model label, field) of every text or JSON column of every table of every
    installed app (many-to-many tables included) where one of `texts` occurs,
    compared without regard to case; sessions are read decoded."""
    needles = [text.casefold() for text in texts]
    found = set()
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, TEXT_FIELDS)]
        if not names:
            continue
        for row in model._base_manager.values_list(*names):
            for name, value in zip(names, row, strict=True):
                text = _as_text(value).casefold()
                if any(needle in text for needle in needles):
                    found.add((model._meta.label_lower, name))
    for session in Session.objects.all():
        text = _as_text(session.get_decoded()).casefold()
        if any(needle in text for needle in needles):
            found.add(("sessions.session", "session_data (decoded)"))
    return found
