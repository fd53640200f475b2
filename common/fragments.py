"""Fragments rendered once per version in each process.

A list shows the same cards to every visitor: rendering each card through the
template engine on every request cost more than the rest of the page. A card is
kept under a key made of every value its template shows (and the active
language), so any change to what it shows renders it anew; nothing is ever
invalidated, old versions simply fall out first-in first-out.
"""

import threading

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString


class FragmentMemo:
    """One template's rendered fragments, by the values they show."""

    def __init__(self, template_name: str, max_entries: int = 2048):
        self.template_name = template_name
        self.max_entries = max_entries
        self._fragments: dict[tuple, SafeString] = {}
        self._lock = threading.Lock()  # reads need none; eviction must not race an insertion

    def render(self, shown: tuple, context: dict) -> SafeString:
        """The fragment for this context; `shown` must hold every value the template reads."""
        key = (translation.get_language(), *shown)
        fragment = self._fragments.get(key)
        if fragment is None:
            fragment = render_to_string(self.template_name, context)
            with self._lock:
                if len(self._fragments) >= self.max_entries:
                    self._fragments.pop(next(iter(self._fragments)))
                self._fragments[key] = fragment
        return fragment
