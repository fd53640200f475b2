"""Fault tests: the app as real processes (gunicorn, db_worker) against a
throwaway PostgreSQL cluster, a local SMTP sink, and faults injected into them."""
