"""`make bench`: the whole benchmark in one command, one table and the targets.

    .venv/bin/python bench/all.py [--duration 10] [--issue 500] [--cert-count 50]

Builds the realistic data set (200 seminars over three years in 8 countries,
10,000 registrations, 500 issued certificates, 150 press releases in four
languages) in a fresh SQLite database (or DATABASE_URL; CACHE_URL likewise,
the database cache otherwise, as in production), collects static files, and
serves the site with gunicorn under production settings twice, beside the
trivial /bench/ok view each time:

1. with a dummy cache (CACHE_URL=dummycache://): every request is a cache miss,
   so the rows show what rendering costs ("uncached");
2. with the configured cache: the anonymous GET endpoints again ("cached"
   where the view caches; a view that does not cache costs the same as in 1).

Then certificate rendering beside bare WeasyPrint (bench/certificates.py), the
registration burst (bench/registration_burst.py, PostgreSQL when DATABASE_URL
is PostgreSQL), certificate issuance with 1 and 2 `db_worker` processes, and
the targets, each PASS or MISS. A measurement tool, never a test. See
bench/README.md.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run

BASE_DIR = run.BASE_DIR
REGISTRATION_BODY = {
    "professional_group": "social-workers",
    "organisation": "Centre for Social Work",
    "country": "SI",
    "consent": True,
}


@dataclass(frozen=True)
class Endpoint:
    """One row. kind: baseline, page, feed, api (anonymous GETs the cache may
    serve), private (logged-in GET) or write (registration POST, a fresh person each)."""

    path: str
    kind: str

    @property
    def anonymous_get(self) -> bool:
        return self.kind in {"baseline", "page", "feed", "api"}


ENDPOINTS = [
    Endpoint("/bench/ok", "baseline"),
    Endpoint("/", "page"),
    Endpoint("/seminars/", "page"),
    Endpoint("/seminars/{slug}/", "page"),
    Endpoint("/seminars/calendar.ics", "feed"),
    Endpoint("/press/", "page"),
    Endpoint("/press/feed/atom/", "feed"),
    Endpoint("/api/v1/seminars/", "api"),
    Endpoint("/api/v1/press-releases/", "api"),
    Endpoint("/me/", "private"),
    Endpoint("/api/v1/registrations/", "write"),
]

# Targets of issue 9.
MAX_CPU_MS, MAX_QUERIES, MIN_CACHED_SHARE = 10.0, 6, 0.40
MAX_CERTIFICATE_RATIO, MAX_CERTIFICATE_KB, MAX_RSS_MB = 1.30, 100.0, 150.0


def log(message: str) -> None:
    run.log(message)


def subprocess_output(name: str, command: list[str], env: dict[str, str], timeout: float) -> str:
    """Run one of our own Python scripts; its output (the failure is reported, not raised)."""
    started = time.monotonic()
    completed = subprocess.run(  # noqa: S603 - our own interpreter and scripts, fixed arguments
        [sys.executable, *command],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    log(f"{name}: {time.monotonic() - started:.1f}s (exit status {completed.returncode})")
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-3000:] + completed.stderr[-3000:])
    return completed.stdout


def peak_rss_mb(server: run.Gunicorn) -> float:
    """The largest peak resident set (VmHWM) among gunicorn's workers, in MB."""
    peak = 0
    for pid in run.process_tree(server.process.pid):
        if pid == server.process.pid:
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if match := re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE):
            peak = max(peak, int(match.group(1)))
    return peak / 1024


def measure_pass(name, endpoints, loads, env, args, tmp, wrk, queries) -> tuple[dict, float]:
    """Serve the site with gunicorn under `env` and measure each endpoint; the
    results by path and the workers' peak RSS."""
    (tmp / name).mkdir()
    server = run.Gunicorn(env, args.workers, tmp / name)
    results = {}
    try:
        server.start()
        for endpoint, path in endpoints:
            result = run.measure(
                run.Endpoint(path, endpoint.kind), path, server, args, wrk, loads.get(endpoint.kind)
            )
            counted = queries[name].get(path, {})
            if counted.get("status") in (200, 201):
                result.queries_per_request = counted["queries"]
            results[path] = result
        return results, peak_rss_mb(server)
    finally:
        server.stop()


def certificate_figures(args, env) -> dict:
    output = subprocess_output(
        "certificates",
        ["bench/certificates.py", "--count", str(args.cert_count)],
        env,
        timeout=1200,
    )
    figures = {}
    for key, pattern in {
        "app_ms": r"application \(mean\):\s+([\d.]+)",
        "bare_ms": r"bare WeasyPrint \(mean\):\s+([\d.]+)",
        "ratio": r"ratio application / bare:\s+([\d.]+)",
        "size_kb": r"mean PDF size:\s+([\d.]+)",
    }.items():
        if match := re.search(pattern, output):
            figures[key] = float(match.group(1))
    return figures


def burst_figures(args, env) -> dict:
    command = ["bench/registration_burst.py", "--people", str(args.burst), "--seats", "50", "--rounds", "3"]
    database = env["DATABASE_URL"]
    burst_env = dict(env)
    if database.startswith(("postgres://", "postgresql://")):
        burst_env["BENCH_POSTGRES_URL"] = database.rsplit("/", 1)[0] + "/postgres"
        vendor = "PostgreSQL"
    else:
        command.append("--sqlite")
        vendor = "SQLite"
    output = subprocess_output("registration burst", command, burst_env, timeout=900)
    figures = {"vendor": vendor}
    if match := re.search(r"best ([\d.]+) registrations/s; correct outcomes in (\d+)%", output):
        figures["per_second"], figures["correct"] = float(match.group(1)), int(match.group(2))
    if match := re.search(r"errors (\d+); oversold seats (\d+)", output):
        figures["errors"], figures["oversold"] = int(match.group(1)), int(match.group(2))
    return figures


def issuance_figures(data: dict, env: dict, tmp: Path) -> list[dict]:
    """Issue the certificates of each issuance seminar with 1, then 2 db_worker processes."""
    rounds = []
    for workers, slug in enumerate(data["run"]["issuance"], start=1):
        queued = run.last_json_line(
            subprocess_output("enqueue", ["-m", "bench.issuance", "enqueue", slug], env, 300)
        )
        logs = [(tmp / f"db_worker-{workers}-{n}.log").open("wb") for n in range(workers)]
        started = time.monotonic()
        processes = [
            subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--batch",
                    "--no-startup-delay",
                    "--interval=0.1",
                    f"--worker-id=bench-{workers}-{n}",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=logs[n],
                stderr=subprocess.STDOUT,
            )
            for n in range(workers)
        ]
        try:
            for process in processes:
                process.wait(timeout=3600)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
            for handle in logs:
                handle.close()
        seconds = time.monotonic() - started
        issued = run.last_json_line(
            subprocess_output("check", ["-m", "bench.issuance", "check", slug], env, 300)
        )
        rounds.append({"workers": workers, "seconds": seconds, **queued, **issued})
        log(f"issuance with {workers} worker(s): {issued['certificates']} in {seconds:.1f}s")
    return rounds


def fmt(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def print_report(args, data, rows, rss_mb, certificates, burst, issuance, wrk, database, cache) -> None:
    load1, load5, _ = os.getloadavg()
    print()
    print(
        f"VICTOR Seminars benchmark (make bench), {time.strftime('%Y-%m-%d %H:%M')}: "
        f"Django {metadata.version('Django')}, gunicorn {metadata.version('gunicorn')} "
        f"({args.workers} sync workers), Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {load1:.2f}/{load5:.2f} after the run"
    )
    print(
        f"Data: {data['seminars']} public seminars ({data['upcoming']} upcoming, {data['past']} past) in "
        f"{data['countries']} countries over three years, {data['registrations']:,} registrations, "
        f"{data['certificates']} certificates, {data['press_releases']} press releases in "
        f"{data['press_languages']} languages. Database {database}, cache {cache}."
    )
    print(
        f"Load: {'wrk' if wrk else 'Python load generator'}, {args.connections} connections, "
        f"{args.duration:g}s per row after {args.warmup:g}s warm-up, same machine; X-Forwarded-Proto: https."
    )
    print()
    headings = [
        "endpoint",
        "cache",
        "req/s",
        "p50 ms",
        "p99 ms",
        "CPU ms/req",
        "CPU x ok",
        "SQL/req",
        "req/s x ok",
    ]
    table = []
    for path, cached, result, baseline in rows:
        share = cpu_ratio = None
        if baseline and baseline.requests_per_second and result.requests:
            share = result.requests_per_second / baseline.requests_per_second
        if baseline and baseline.cpu_ms_per_request and result.cpu_ms_per_request is not None:
            cpu_ratio = result.cpu_ms_per_request / baseline.cpu_ms_per_request
        table.append(
            [
                path,
                cached,
                fmt(result.requests_per_second if result.requests else None),
                fmt(result.p50_ms),
                fmt(result.p99_ms),
                fmt(result.cpu_ms_per_request, 2),
                fmt(cpu_ratio, 1),
                "-" if result.queries_per_request is None else str(result.queries_per_request),
                fmt(share, 2),
            ]
        )
    widths = [max(len(row[i]) for row in [headings, *table]) for i in range(len(headings))]

    def line(cells):
        return "  ".join(c.ljust(widths[i]) if i < 2 else c.rjust(widths[i]) for i, c in enumerate(cells))

    print(line(headings))
    print("  ".join("-" * width for width in widths))
    for row in table:
        print(line(row))
    for path, _cached, result, _baseline in rows:
        for note in result.notes:
            print(f"note: {path}: {note}")
    print(
        "cache: 'miss' = served with a dummy cache (every request renders); 'hit' = with the configured "
        "cache, where a\nrepeated request makes fewer queries or costs at most half the CPU of a miss; "
        "'same' = configured cache, not cheaper (not cached).\nSQL/req: queries of one request, counted in-process. "
        "CPU x ok: CPU per request in multiples of /bench/ok's (compares across machines);\n"
        "req/s x ok: share of /bench/ok's throughput in the same gunicorn."
    )
    print()
    if certificates:
        print(
            f"Certificates ({args.cert_count} rendered): {fmt(certificates.get('app_ms'))} ms each through the "
            f"application, {fmt(certificates.get('bare_ms'))} ms bare WeasyPrint "
            f"({fmt(certificates.get('ratio'), 2)}x), {fmt(certificates.get('size_kb'))} KB per PDF"
        )
    if burst:
        print(
            f"Registration burst on {burst['vendor']} ({args.burst} at once, 50 seats, 3 rounds, "
            f"{min(args.burst, 80)} connections): "
            f"{fmt(burst.get('per_second'))} registrations/s, {burst.get('correct', '-')} % of rounds "
            f"correct, {burst.get('errors', '-')} errors, {burst.get('oversold', '-')} oversold seats"
        )
    for issued in issuance:
        print(
            f"Issuance of {issued['enqueued']} certificates with {issued['workers']} db_worker(s): "
            f"{issued['seconds']:.1f}s ({issued['certificates'] / issued['seconds']:.2f}/s), "
            f"{issued['certificates']} issued to {issued['registrations']} registrations, "
            f"{issued['duplicate_serials']} duplicate serials"
        )
    if len(issuance) == 2:
        print(f"  speed-up with 2 workers: {issuance[0]['seconds'] / issuance[1]['seconds']:.2f}x")
    print(f"Peak RSS per gunicorn worker: {rss_mb:.0f} MB")
    print()
    print("Targets")
    for label, ok in targets(rows, rss_mb, certificates, burst, issuance):
        print(f"  {verdict(ok):4}  {label}")


def targets(rows, rss_mb, certificates, burst, issuance) -> list[tuple[str, bool | None]]:
    checks = []
    for path, cached, result, _baseline in rows:
        # Pages: with the dummy cache (no page cache). API lists: with the configured cache,
        # which they are not served from but their throttles count in.
        if (cached == "miss" and result.label in {"page", "feed"}) or (
            cached != "miss" and result.label == "api"
        ):
            cpu, queries = result.cpu_ms_per_request, result.queries_per_request
            checks.append(
                (
                    f"{path} uncached: {fmt(cpu, 2)} CPU-ms <= {MAX_CPU_MS:g}, "
                    f"{queries} SQL <= {MAX_QUERIES}",
                    None if cpu is None or queries is None else cpu <= MAX_CPU_MS and queries <= MAX_QUERIES,
                )
            )
    for path, cached, result, baseline in rows:
        if cached != "miss" and result.label in {"page", "feed"}:
            share = (
                result.requests_per_second / baseline.requests_per_second
                if baseline and baseline.requests_per_second and result.requests
                else None
            )
            checks.append(
                (
                    f"{path} cached ({cached}): {fmt(share and share * 100, 0)} % of /bench/ok's "
                    f"throughput >= {MIN_CACHED_SHARE:.0%}",
                    None if share is None else cached == "hit" and share >= MIN_CACHED_SHARE,
                )
            )
    if burst:
        checks.append(
            (
                f"registration burst on {burst['vendor']}: {burst.get('errors')} errors, "
                f"{burst.get('oversold')} oversold seats (both 0)",
                None if "errors" not in burst else burst["errors"] == 0 and burst["oversold"] == 0,
            )
        )
    if certificates:
        ratio, size = certificates.get("ratio"), certificates.get("size_kb")
        checks.append(
            (
                f"certificates: {fmt(ratio, 2)}x bare WeasyPrint <= {MAX_CERTIFICATE_RATIO}x, "
                f"{fmt(size)} KB < {MAX_CERTIFICATE_KB:g} KB",
                None if ratio is None or size is None else ratio <= MAX_CERTIFICATE_RATIO and size < 100,
            )
        )
    for issued in issuance:
        checks.append(
            (
                f"issuance with {issued['workers']} worker(s): every registration one certificate, "
                "no duplicate serial",
                issued["certificates"] == issued["enqueued"] == issued["registrations"]
                and issued["duplicate_serials"] == 0,
            )
        )
    checks.append((f"peak RSS per gunicorn worker {rss_mb:.0f} MB < {MAX_RSS_MB:g} MB", rss_mb < MAX_RSS_MB))
    return checks


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seminars", type=int, default=200)
    parser.add_argument("--registrations", type=int, default=10_000)
    parser.add_argument("--certificates", type=int, default=500, help="issued certificates in the data set")
    parser.add_argument("--press", type=int, default=150, help="press releases")
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per row (10)")
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured seconds before each row (1)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--pool", type=int, default=20_000, help="people who may register by POST")
    parser.add_argument("--cert-count", type=int, default=50, help="certificates rendered beside WeasyPrint")
    parser.add_argument("--burst", type=int, default=200, help="registrations at once in the burst")
    parser.add_argument("--issue", type=int, default=500, help="certificates issued with 1, then 2 workers")
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = None if args.python_load else shutil.which("wrk")
    if wrk is None and not args.python_load:
        log("wrk not found (Debian: apt-get install wrk): using the slower Python load generator")
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="victor-bench-"))
    try:
        env = run.bench_environment(tmp)
        env["CACHE_URL"] = os.environ.get("CACHE_URL") or "dbcache://victor_cache"
        database, cache = env["DATABASE_URL"].split("://", 1)[0], env["CACHE_URL"].split("://", 1)[0]
        log(f"temporary folder {tmp}; database {database}; cache {cache}")
        run.django_step("migrate", ["manage.py", "migrate", "--noinput", "-v", "0"], env)
        run.django_step("createcachetable", ["manage.py", "createcachetable"], env)
        prefix = "b" + secrets.token_hex(4)
        data = run.last_json_line(
            run.django_step(
                "data set",
                [
                    *("-m", "bench.dataset", "--seminars", str(args.seminars)),
                    *("--registrations", str(args.registrations), "--certificates", str(args.certificates)),
                    *("--press", str(args.press), "--run-prefix", prefix, "--pool", str(args.pool)),
                    *("--issue", str(args.issue)),
                ],
                env,
            )
        )
        run.django_step("collectstatic", ["manage.py", "collectstatic", "--noinput", "-v", "0"], env)

        prepared = data["run"]
        tokens = run.TokenPool(prepared["token_prefix"], prepared["token_digits"], prepared["pool"])
        body = json.dumps({**REGISTRATION_BODY, "seminar": prepared["target"]})
        loads = {
            "private": run.Load(headers={"Cookie": prepared["cookie"]}),
            "write": run.Load(post_body=body, tokens=tokens),
        }
        endpoints = [(endpoint, endpoint.path.format(slug=data["slug"])) for endpoint in ENDPOINTS]

        def count_queries(cache_url: str) -> dict:
            specs = []
            for endpoint, path in endpoints:
                spec = {"path": path}
                if endpoint.kind == "private":
                    spec["cookie"] = prepared["cookie"]
                if endpoint.kind == "write":
                    spec.update(body=json.loads(body), tokens=[tokens.take() for _ in range(2)])
                specs.append(spec)
            return run.last_json_line(
                run.django_step(
                    f"query count ({cache_url.split(':')[0]})",
                    ["-m", "bench.queries", "--json", json.dumps(specs)],
                    {**env, "CACHE_URL": cache_url},
                )
            )

        queries = {"uncached": count_queries("dummycache://"), "cached": count_queries(env["CACHE_URL"])}

        uncached, rss_uncached = measure_pass(
            "uncached", endpoints, loads, {**env, "CACHE_URL": "dummycache://"}, args, tmp, wrk, queries
        )
        cached_endpoints = [(endpoint, path) for endpoint, path in endpoints if endpoint.anonymous_get]
        cached, rss_cached = measure_pass("cached", cached_endpoints, loads, env, args, tmp, wrk, queries)
        rows = []
        for _endpoint, path in endpoints:
            rows.append((path, "miss", uncached[path], uncached["/bench/ok"]))
        for _endpoint, path in cached_endpoints:
            fewer_queries = queries["cached"][path]["queries"] < queries["uncached"][path]["queries"]
            miss_cpu, cpu = uncached[path].cpu_ms_per_request, cached[path].cpu_ms_per_request
            cheaper = miss_cpu is not None and cpu is not None and cpu <= miss_cpu / 2
            rows.append(
                (path, "hit" if fewer_queries or cheaper else "same", cached[path], cached["/bench/ok"])
            )

        certificates = certificate_figures(args, env) if args.cert_count else {}
        burst = burst_figures(args, env) if args.burst else {}
        issuance = issuance_figures(data, env, tmp) if args.issue else []
        print_report(
            args,
            data,
            rows,
            max(rss_uncached, rss_cached),
            certificates,
            burst,
            issuance,
            wrk,
            database,
            cache,
        )
        print(f"\nThe whole run took {(time.monotonic() - started) / 60:.1f} minutes.")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(
                json.dumps(
                    {
                        "data": data,
                        "rows": [
                            {
                                "cache": c,
                                **{k: v for k, v in vars(r).items() if k != "notes"},
                                "notes": r.notes,
                            }
                            for _p, c, r, _b in rows
                        ],
                        "certificates": certificates,
                        "burst": burst,
                        "issuance": issuance,
                        "peak_rss_mb": max(rss_uncached, rss_cached),
                    },
                    indent=2,
                )
                + "\n"
            )
        return 0
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
