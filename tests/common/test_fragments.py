"""Fragments rendered once per version in each process (config/fragments.py)."""

from django.utils import translation

from common.fragments import FragmentMemo


def test_fragments_are_kept_by_language_and_values_up_to_their_bound_oldest_first():
    memo = FragmentMemo("includes/form_errors.html", max_entries=2)
    with translation.override("en"):
        for number in range(3):
            memo.render((number,), {"form": None})
    with translation.override("el"):
        memo.render((2,), {"form": None})
    assert list(memo._fragments) == [("en", 2), ("el", 2)]
