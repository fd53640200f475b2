"""Counts from 1 to THRESHOLD - 1 could point at a person: reports publish them
only as "<5" (reporting.suppression), and evaluation answers are published
THRESHOLD at a time (evaluations.pool)."""

THRESHOLD = 5
