"""Count the SQL queries of one request to each path, in-process (django.test.Client).

Run by bench/run.py in a subprocess under the same settings and database as
gunicorn:

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.queries /bench/ok /seminars/

Each path is requested once to warm up (templates, content types, ...) and
then once more while the queries are captured. Prints one JSON object:
{path: {"status": 200, "queries": 7, "bytes": 51234}}.
"""

import json
import os
import sys


def count(paths: list[str]) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Like the load generator: Host 127.0.0.1, behind a proxy that terminated TLS.
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    results = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        results[path] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "bytes": len(body),
        }
    return results


def main(argv: list[str] | None = None) -> None:
    paths = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    sys.stdout.write(json.dumps(count(paths)) + "\n")


if __name__ == "__main__":
    main()
