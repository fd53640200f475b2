"""Count the SQL queries of one request to each endpoint, in-process (django.test.Client).

Run by bench/run.py and bench/all.py in a subprocess under the same settings
and database as gunicorn:

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.queries /bench/ok /seminars/
    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.queries --json '[{"path": "/me/", "cookie": "..."}]'

Each endpoint is requested once to warm up (templates, content types, the
cache where a view caches) and then once more while the queries are captured:
what the next visitor costs. bench/all.py runs it with CACHE_URL=dummycache://
too, for what rendering costs. A spec may carry a "cookie" header, or a POST
"body" with two API "tokens" (one per request: each person registers once).
Prints one JSON object: {path: {"status": 200, "queries": 7, "bytes": 51234}}.
"""

import json
import os
import sys


def count(specs: list[dict]) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for spec in specs:
        path = spec["path"]
        # Like the load generator: Host 127.0.0.1, behind a proxy that terminated TLS.
        headers = {"X-Forwarded-Proto": "https"}
        if spec.get("cookie"):
            headers["Cookie"] = spec["cookie"]
        tokens = iter(spec.get("tokens", []))

        def request(path=path, tokens=tokens, spec=spec, headers=headers):
            # A new client each time: like wrk, it sends back no cookie it was given.
            client = Client(HTTP_HOST="127.0.0.1", headers=headers)
            if "body" not in spec:
                return client.get(path)
            return client.post(
                path,
                spec["body"],
                content_type="application/json",
                headers={"Authorization": f"Token {next(tokens)}"},
            )

        request()
        with CaptureQueriesContext(connection) as captured:
            response = request()
        body = b"".join(response.streaming_content) if response.streaming else response.content
        results[path] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "bytes": len(body),
        }
    return results


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--json"]:
        specs = json.loads(arguments[1])
    else:
        specs = [{"path": path} for path in arguments]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    sys.stdout.write(json.dumps(count(specs)) + "\n")


if __name__ == "__main__":
    main()
