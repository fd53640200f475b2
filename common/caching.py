"""Anonymous public pages, feeds and .ics files kept in the shared cache.

A page is stored under a key made of what it shows (scheme, host, path with
query, active language and the visitor's preferred one), together with the
generation of each scope it read ("events", "registrations", "press") when it
was rendered; one round trip fetches the page and the current generations.
Saving or deleting a model of a scope draws a new generation after commit
(signals connected by each app's cache.py), so the next request finds the
stored page out of date and renders afresh. What changes with time alone (an embargo
lifting, a seminar ending) is handled by the moment a page stops being fresh:
the page's view or the decorator says when, and a page past it is rendered again.

Only a cache shared by every process (database, Redis, files) holds pages: in a
per-process cache an invalidation in one process would not reach the others.
Requests with a session or pending messages, and responses that set cookies,
embed a CSRF token or a CSP nonce, or vary on anything but language, are never
stored nor served from the cache.
"""

import hashlib
import math
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial, wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag

GENERATION_KEY = "pages:generation:{scope}"
PAGE_KEY = "pages:page:{digest}"
# Upper bound on how long an entry stays in the cache; a stale generation is never read again.
PAGE_TIMEOUT = 24 * 60 * 60
FreshUntil = Callable[[datetime], datetime | None]


def shared_cache() -> bool:
    """True when every process reads the same cache, the condition for keeping pages there."""
    return not isinstance(caches["default"], (LocMemCache, DummyCache))


def bump(scope: str) -> None:
    """A new generation of the scope: pages that read it are rendered again."""
    cache.set(GENERATION_KEY.format(scope=scope), uuid.uuid4().hex, None)


def bump_after_commit(scope: str) -> None:
    """Invalidate once the change is committed: a page rendered before the commit
    is stored under the old generation, which no later request reads."""
    if shared_cache():
        transaction.on_commit(partial(bump, scope))


def invalidate_on_change(scope: str, models: Iterable) -> None:
    """Connect saves, deletions and many-to-many changes of these models to the scope."""

    def changed(**kwargs) -> None:
        bump_after_commit(scope)

    for model in models:
        post_save.connect(
            changed, sender=model, weak=False, dispatch_uid=f"pages-{scope}-save-{model._meta.label}"
        )
        post_delete.connect(
            changed, sender=model, weak=False, dispatch_uid=f"pages-{scope}-delete-{model._meta.label}"
        )
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                changed,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"pages-{scope}-m2m-{model._meta.label}-{field.name}",
            )


def _generations_and_entry(scopes: tuple[str, ...], page_key: str) -> tuple[list[str], dict | None]:
    """The current generation of each scope and the stored page, in one round trip."""
    keys = [GENERATION_KEY.format(scope=scope) for scope in scopes]
    found = cache.get_many([*keys, page_key])
    generations = []
    for key in keys:
        generation = found.get(key)
        if generation is None:  # never drawn, or evicted: a fresh one, never an old value again
            generation = uuid.uuid4().hex
            if not cache.add(key, generation, None):
                generation = cache.get(key, generation)  # another process drew it first
        generations.append(generation)
    return generations, found.get(page_key)


def request_is_cacheable(request: HttpRequest) -> bool:
    """Anonymous visitors without a session or pending messages, reading."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    """The same for every anonymous visitor: nothing personal, nothing per request."""
    session = getattr(request, "session", None)
    vary = {header.strip().lower() for header in response.get("Vary", "").split(",") if header.strip()}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        and not (session is not None and session.modified)
        and not getattr(request, "_csp_nonce", None)  # a nonce was written into the page
        and vary <= {"accept-language", "cookie"}
    )


def _page_key(request: HttpRequest) -> str:
    """What the page shows to whom; the generations it was rendered at are in the entry."""
    parts = (
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        translation.get_language(),
        # Outside the language prefix the active language is English; feeds and .ics
        # files pick theirs from the language cookie or Accept-Language.
        translation.get_language_from_request(request),
    )
    return PAGE_KEY.format(digest=hashlib.sha256(repr(parts).encode()).hexdigest())


def _entry(
    response: HttpResponse, *, generations: list[str], rendered_at: datetime, fresh_until: datetime | None
) -> dict:
    return {
        "generations": generations,
        "status": response.status_code,
        "headers": list(response.items()),
        "content": response.content,
        "rendered_at": rendered_at,
        "fresh_until": fresh_until,
    }


def _response(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for header, value in entry["headers"]:
        response[header] = value
    return response


def _earliest(*moments: datetime | None) -> datetime | None:
    return min((moment for moment in moments if moment is not None), default=None)


def mark_fresh_until(response: HttpResponse, moment: datetime | None) -> None:
    """Mark the moment the page stops being right by time alone (views call this)."""
    response.cache_fresh_until = _earliest(getattr(response, "cache_fresh_until", None), moment)


def with_validators(response: HttpResponse, rendered_at: datetime) -> HttpResponse:
    """ETag from the content, Last-Modified from the rendering: what 304s are decided on."""
    if response.status_code == 200 and not response.streaming:
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["Last-Modified"] = http_date(rendered_at.timestamp())
    return response


def cached_page(*scopes: str, fresh_until: FreshUntil | None = None, conditional: bool = False):
    """Serve the view from the shared cache to anonymous visitors.

    scopes: what the page reads; fresh_until(now): the next moment the page changes
    by time alone (asked on a miss only); conditional: ETag and Last-Modified, 304s.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            now = timezone.now()
            if not (shared_cache() and request_is_cacheable(request)):
                response = view(request, *args, **kwargs)
                return _conditional(request, with_validators(response, now)) if conditional else response
            key = _page_key(request)
            generations, entry = _generations_and_entry(scopes, key)
            if (
                entry is None
                or entry["generations"] != generations  # something it shows changed since
                or (entry["fresh_until"] is not None and now >= entry["fresh_until"])
            ):
                response = view(request, *args, **kwargs)
                if conditional:
                    with_validators(response, now)
                if not _response_is_cacheable(request, response):
                    return _conditional(request, response) if conditional else response
                until = _earliest(
                    getattr(response, "cache_fresh_until", None), fresh_until(now) if fresh_until else None
                )
                timeout = PAGE_TIMEOUT
                if until is not None:
                    timeout = max(1, min(PAGE_TIMEOUT, math.ceil((until - now).total_seconds())))
                entry = _entry(response, generations=generations, rendered_at=now, fresh_until=until)
                cache.set(key, entry, timeout)
            response = _response(entry)
            return _conditional(request, response) if conditional else response

        return wrapper

    return decorator


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if response.status_code != 200 or not response.has_header("ETag"):
        return response
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
