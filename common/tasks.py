"""Retrying a background task whose mail server failed."""

import logging
from datetime import timedelta

from django.utils import timezone

MAIL_ATTEMPTS = 5
MAIL_RETRY_DELAY = timedelta(minutes=5)


def retry_later(
    task, *args, attempt: int, failure: str, logger: logging.Logger, attempts: int = MAIL_ATTEMPTS
) -> bool:
    """Queue `task(*args, attempt + 1)` later (the delay grows with each attempt)
    where the task backend can defer, up to `attempts` times. False when it
    gives up: then the caller raises."""
    if attempt < attempts and task.get_backend().supports_defer:
        logger.warning("%s Retrying later.", failure)
        task.using(run_after=timezone.now() + MAIL_RETRY_DELAY * attempt).enqueue(*args, attempt + 1)
        return True
    logger.error("%s Giving up.", failure)
    return False
