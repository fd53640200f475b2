"""Certificate issuance helpers for bench/all.py, run in a subprocess under bench.settings.

    python -m bench.issuance enqueue <seminar-slug>   # the organiser's button: one task per certificate
    python -m bench.issuance check <seminar-slug>     # what was issued

`enqueue` first drops the other tasks still waiting in the queue (the
confirmation emails of the benchmark's registrations), so the workers that
bench/all.py then starts spend their time on certificates only. Both print one
JSON line.
"""

import json
import os
import sys


def enqueue(slug: str) -> dict:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from certificates import services
    from events.models import Seminar

    DBTaskResult.objects.ready().delete()
    seminar = Seminar.objects.get(slug=slug)
    with transaction.atomic():
        count = services.certificates_issue_for_seminar(seminar=seminar, actor=None)
    return {"enqueued": count, "queued": DBTaskResult.objects.ready().count()}


def check(slug: str) -> dict:
    from django.db.models import Count

    from certificates.models import Certificate

    certificates = Certificate.objects.filter(seminar__slug=slug)
    return {
        "certificates": certificates.count(),
        "registrations": certificates.values("registration").distinct().count(),
        "duplicate_serials": certificates.values("serial").annotate(n=Count("pk")).filter(n__gt=1).count(),
    }


def main() -> None:
    command, slug = sys.argv[1:3]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    result = enqueue(slug) if command == "enqueue" else check(slug)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
