"""Benchmark public endpoints under gunicorn, beside a trivial Django view.

    .venv/bin/python bench/run.py [--seminars 200] [--duration 10] [--connections 8]

Builds a throwaway production-like site (DJANGO_DEBUG=false, fresh SQLite
database and static files in a temporary folder, locmem cache), starts gunicorn
with sync workers on 127.0.0.1, drives each endpoint in ENDPOINTS with wrk (or a
small Python load generator) and prints one table: requests/s, p50/p99 latency,
server CPU-ms per request, SQL queries per request, and the ratios of CPU-ms and
requests/s to those of /bench/ok measured in the same run. See bench/README.md.

This is a measurement tool, never a test: nothing here asserts a speed.
"""

import argparse
import contextlib
import http.client
import itertools
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "bench"
WRK_SCRIPT = BENCH_DIR / "wrk_report.lua"
GUNICORN_CONFIG = BENCH_DIR / "gunicorn_conf.py"
COUNTER_SLOT = struct.Struct("<QQ")  # as in bench/gunicorn_conf.py: started, finished
COUNTER_SLOTS = 256
HOST = "127.0.0.1"
# The site runs with DEBUG off behind a TLS-terminating proxy: without this
# header every request would be a redirect to https.
REQUEST_HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "victor-bench"}
CLK_TCK = os.sysconf("SC_CLK_TCK")
PYTHON_LOAD_MAX_REQUESTS = 200_000
TOKEN_BLOCK = 4000  # API tokens each wrk thread may use up in one run of wrk (a fresh person per POST)


@dataclass(frozen=True)
class Endpoint:
    """One row of the table. The path may use {slug}: a published, upcoming seminar."""

    path: str
    label: str
    baseline: bool = False


# The first endpoint is the baseline the others are compared with.
ENDPOINTS = [
    Endpoint("/bench/ok", "trivial Django view (same middleware)", baseline=True),
    Endpoint("/seminars/", "seminar list: upcoming, page 1"),
    Endpoint("/seminars/?when=", "seminar list: any time, page 1"),
    Endpoint("/seminars/{slug}/", "seminar page with agenda"),
    Endpoint("/seminars/calendar.ics", "iCalendar feed of all seminars"),
]


class TokenPool:
    """API tokens of people who have not registered yet: "<prefix><number>", numbers
    zero-padded to `digits`, 0 to size - 1 (made by bench/dataset.py prepare_run).
    Each is handed out once, so every registration POST comes from a fresh person."""

    def __init__(self, prefix: str, digits: int, size: int):
        self.prefix, self.digits, self.size = prefix, digits, size
        self._next = 0
        self._lock = threading.Lock()

    def reserve(self, count: int) -> int:
        """The first number of `count` consecutive unused tokens."""
        with self._lock:
            first, self._next = self._next, self._next + count
        if self._next > self.size:
            raise RuntimeError(f"the pool of {self.size} API tokens is used up")
        return first

    def take(self) -> str:
        return f"{self.prefix}{self.reserve(1):0{self.digits}d}"


@dataclass
class Load:
    """What each request carries beyond REQUEST_HEADERS: more headers (a session
    cookie) or, for a POST, a JSON body sent each time by the next person of `tokens`."""

    headers: dict[str, str] = field(default_factory=dict)
    post_body: str | None = None
    tokens: TokenPool | None = None

    def request(self) -> tuple[str, dict[str, str], str | None]:
        headers = {**REQUEST_HEADERS, **self.headers}
        if self.post_body is None:
            return "GET", headers, None
        headers.update({"Authorization": f"Token {self.tokens.take()}", "Content-Type": "application/json"})
        return "POST", headers, self.post_body


@dataclass
class Result:
    path: str
    label: str
    status: int = 0
    requests: int = 0  # completed, as wrk counts them
    served: int = 0  # finished by gunicorn in the measured window, as its hooks count them
    seconds: float = 0.0
    requests_per_second: float = 0.0
    p50_ms: float | None = None
    p99_ms: float | None = None
    cpu_seconds: float = 0.0
    cpu_ms_per_request: float | None = None
    queries_per_request: int | None = None
    response_bytes: int | None = None
    errors: int = 0
    notes: list[str] = field(default_factory=list)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# -- preparing the site ------------------------------------------------------


def bench_environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "EMAIL_URL": "memorymail://",
            "BENCH_STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
    env["CACHE_URL"] = os.environ.get("CACHE_URL") or "locmemcache://"
    return env


def django_step(name: str, args: list[str], env: dict[str, str]) -> str:
    """Run `python <args>` in the checkout; return its standard output."""
    started = time.monotonic()
    completed = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-4000:] + completed.stderr[-4000:])
        raise SystemExit(f"bench: {name} failed (exit status {completed.returncode})")
    log(f"{name}: {time.monotonic() - started:.1f}s")
    return completed.stdout


def last_json_line(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


# -- gunicorn and its CPU time -------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def read_stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (state is index 0)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def process_tree(root: int) -> dict[int, list[str]]:
    """The root process and all its descendants, with their /proc stat fields."""
    stats = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (fields := read_stat(int(entry.name))) is not None:
            stats[int(entry.name)] = fields
    children: dict[int, list[int]] = {}
    for pid, fields in stats.items():
        children.setdefault(int(fields[1]), []).append(pid)
    tree, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in stats and pid not in tree:
            tree[pid] = stats[pid]
            todo.extend(children.get(pid, []))
    return tree


def cpu_seconds(root: int) -> float:
    """User + system CPU of gunicorn's master and workers, including workers
    that already exited (the master's cutime/cstime)."""
    tree = process_tree(root)
    ticks = sum(int(fields[11]) + int(fields[12]) for fields in tree.values())
    if root in tree:
        ticks += int(tree[root][13]) + int(tree[root][14])
    return ticks / CLK_TCK


def http_get(
    port: int, path: str, timeout: float = 10, load: Load | None = None
) -> tuple[int, dict[str, str], bytes]:
    method, headers, body = (load or Load()).request()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Gunicorn:
    """gunicorn with sync workers; stopped by its process id (and its workers by theirs)."""

    def __init__(self, env: dict[str, str], workers: int, tmp: Path):
        self.workers, self.log_path = workers, tmp / "gunicorn.log"
        self.counter_path = tmp / "requests.counters"
        self.env = {**env, "BENCH_COUNTER_FILE": str(self.counter_path)}
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._log_file = None

    def start(self, timeout: float = 60) -> None:
        self._log_file = self.log_path.open("wb")
        self.counter_path.write_bytes(bytes(COUNTER_SLOTS * COUNTER_SLOT.size))
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--config={GUNICORN_CONFIG}",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--timeout=60",
            "--graceful-timeout=5",
            "--log-level=warning",
            "--error-logfile=-",
        ]
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            command, cwd=BASE_DIR, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT
        )
        log(f"gunicorn pid {self.process.pid} on http://{HOST}:{self.port}/ ({self.workers} sync workers)")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited early:\n{self.log_tail()}")
            workers = len(process_tree(self.process.pid)) - 1
            try:
                status, _headers, _body = http_get(self.port, "/healthz", timeout=2)
            except OSError:
                status = 0
            if status == 200 and workers >= self.workers:
                return
            time.sleep(0.2)
        raise SystemExit(f"bench: gunicorn did not answer /healthz in {timeout:.0f}s:\n{self.log_tail()}")

    def counters(self) -> tuple[int, int]:
        """Requests started and finished by all workers so far."""
        started = finished = 0
        for slot_started, slot_finished in COUNTER_SLOT.iter_unpack(self.counter_path.read_bytes()):
            started += slot_started
            finished += slot_finished
        return started, finished

    def wait_until_idle(self, timeout: float = 120, quiet: float = 0.3) -> bool:
        """Wait until no request is in a worker and none started for `quiet` seconds:
        requests the load generator abandoned (in a worker or in the listen
        queue) are finished, so CPU time and request counts match."""
        deadline = time.monotonic() + timeout
        last, still_since = None, time.monotonic()
        while time.monotonic() < deadline:
            counters = self.counters()
            now = time.monotonic()
            if counters != last or counters[0] != counters[1]:
                last, still_since = counters, now
            elif now - still_since >= quiet:
                return True
            time.sleep(0.05)
        return False

    def log_tail(self, size: int = 3000) -> str:
        if self._log_file:
            self._log_file.flush()
        try:
            return self.log_path.read_text(errors="replace")[-size:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None:
            return
        # Remember the workers (pid and start time) before the master goes.
        workers = {
            pid: fields[19]
            for pid, fields in process_tree(self.process.pid).items()
            if pid != self.process.pid
        }
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                log(f"gunicorn pid {self.process.pid} ignored SIGTERM; killing it")
                self.process.kill()
                self.process.wait()
        for pid, started in workers.items():
            fields = read_stat(pid)
            if fields is not None and fields[19] == started:  # still that same worker
                log(f"killing leftover gunicorn worker {pid}")
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if self._log_file:
            self._log_file.close()
        self.process = None


# -- load generators ---------------------------------------------------------


def run_wrk(
    wrk: str, port: int, path: str, seconds: float, connections: int, threads: int, load: Load | None = None
) -> dict:
    load = load or Load()
    threads = max(1, min(threads, connections))
    env = dict(os.environ)
    if load.post_body is not None:
        env.update(
            BENCH_POST_BODY=load.post_body,
            BENCH_TOKEN_PREFIX=load.tokens.prefix,
            BENCH_TOKEN_DIGITS=str(load.tokens.digits),
            BENCH_TOKEN_START=str(load.tokens.reserve(threads * TOKEN_BLOCK)),
            BENCH_TOKEN_STRIDE=str(TOKEN_BLOCK),
        )
    command = [
        wrk,
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        "--latency",
        "--script",
        str(WRK_SCRIPT),
    ]
    for name, value in {**REQUEST_HEADERS, **load.headers}.items():
        command += ["--header", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{path}")
    completed = subprocess.run(  # noqa: S603 - wrk from PATH, fixed arguments, local URL only
        command, capture_output=True, text=True, timeout=seconds + 60, check=False, env=env
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("BENCH_JSON ")]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed (exit status {completed.returncode}): {completed.stderr.strip()}")
    report = json.loads(lines[-1].removeprefix("BENCH_JSON "))
    errors = sum(report[key] for key in report if key.startswith("errors_"))
    return {
        "requests": int(report["requests"]),
        "seconds": report["duration_us"] / 1e6,
        "p50_ms": report["p50_us"] / 1000,
        "p99_ms": report["p99_us"] / 1000,
        "errors": int(errors),
    }


def run_python_load(port: int, path: str, seconds: float, connections: int, load: Load | None = None) -> dict:
    """A small load generator: one thread per connection, each sending requests
    back to back (re-opening the connection when the server closes it, as
    gunicorn's sync workers do), until the time or the request budget runs out.
    Much slower than wrk: it is CPU-bound on the GIL of this process."""
    load = load or Load()
    deadline = time.perf_counter() + seconds
    budget = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors = 0

    def worker() -> None:
        nonlocal errors
        mine, my_statuses, my_errors = [], Counter(), 0
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        while time.perf_counter() < deadline and next(budget) < PYTHON_LOAD_MAX_REQUESTS:
            started = time.perf_counter()
            try:
                method, headers, body = load.request()
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                my_errors += 1
                connection.close()
                time.sleep(0.01)
                continue
            mine.append(time.perf_counter() - started)
            my_statuses[response.status] += 1
            if response.will_close:
                connection.close()
        connection.close()
        with lock:
            latencies.extend(mine)
            statuses.update(my_statuses)
            errors += my_errors

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(fraction: float) -> float | None:
        if not latencies:
            return None
        return latencies[min(len(latencies) - 1, int(fraction * len(latencies)))] * 1000

    bad_statuses = sum(count for status, count in statuses.items() if status >= 400)
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "errors": errors + bad_statuses,
    }


# -- the run -----------------------------------------------------------------


def measure(
    endpoint: Endpoint, path: str, server: Gunicorn, args, wrk: str | None, load: Load | None = None
) -> Result:
    result = Result(path=path, label=endpoint.label)
    status, headers, _body = http_get(server.port, path, load=load)
    result.status = status
    if status not in (200, 201):
        where = f" -> {headers.get('Location')}" if "Location" in headers else ""
        result.notes.append(f"status {status}{where}; not measured")
        log(f"{path}: status {status}{where}; skipped")
        return result

    def drive(seconds: float) -> dict:
        if wrk:
            return run_wrk(wrk, server.port, path, seconds, args.connections, args.threads, load)
        return run_python_load(server.port, path, seconds, args.connections, load)

    if args.warmup > 0:
        drive(args.warmup)
    if not server.wait_until_idle():
        result.notes.append("gunicorn still busy after the warm-up; CPU time includes its requests")
    before, (_, served_before) = cpu_seconds(server.process.pid), server.counters()
    report = drive(args.duration)
    if not server.wait_until_idle():
        result.notes.append("gunicorn still busy after the run; CPU time is incomplete")
    after, (_, served_after) = cpu_seconds(server.process.pid), server.counters()
    result.served = served_after - served_before
    result.requests = report["requests"]
    result.seconds = report["seconds"]
    result.requests_per_second = report["requests"] / report["seconds"] if report["seconds"] else 0.0
    result.p50_ms, result.p99_ms = report["p50_ms"], report["p99_ms"]
    result.errors = report["errors"]
    result.cpu_seconds = after - before
    if result.served:
        result.cpu_ms_per_request = result.cpu_seconds * 1000 / result.served
    if result.errors:
        result.notes.append(f"{result.errors} errors or 4xx/5xx responses")
    log(
        f"{path}: {result.requests} requests in {result.seconds:.1f}s; gunicorn served "
        f"{result.served} with {result.cpu_seconds:.2f} CPU-s"
    )
    return result


def format_number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def print_table(results: list[Result], baseline: Result | None) -> None:
    headings = [
        "endpoint",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "CPU ms/req",
        "SQL/req",
        "CPU x ok",
        "req/s x ok",
    ]
    rows = []
    for result in results:
        cpu_ratio = rps_ratio = None
        if baseline and baseline.cpu_ms_per_request and result.cpu_ms_per_request is not None:
            cpu_ratio = result.cpu_ms_per_request / baseline.cpu_ms_per_request
        if baseline and baseline.requests_per_second and result.requests:
            rps_ratio = result.requests_per_second / baseline.requests_per_second
        rows.append(
            [
                result.path,
                str(result.requests),
                format_number(result.requests_per_second if result.requests else None),
                format_number(result.p50_ms, 2),
                format_number(result.p99_ms, 2),
                format_number(result.cpu_ms_per_request, 2),
                "-" if result.queries_per_request is None else str(result.queries_per_request),
                format_number(cpu_ratio, 2),
                format_number(rps_ratio, 3),
            ]
        )
    widths = [max(len(row[i]) for row in [headings, *rows]) for i in range(len(headings))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells)
        )

    print(line(headings))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line(row))
    for result in results:
        for note in result.notes:
            print(f"note: {result.path}: {note}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark public endpoints under gunicorn beside a trivial Django view."
    )
    parser.add_argument("--seminars", type=int, default=200, help="published seminars to create (200)")
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per endpoint (10)")
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured seconds before each (1)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument(
        "--only", default="", help="comma-separated substrings: measure only matching paths (and /bench/ok)"
    )
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator, not wrk")
    parser.add_argument(
        "--compress-static",
        action="store_true",
        help="collect static files with whitenoise's compressing storage, as in production (slow)",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if args.seminars < 1 or args.duration <= 0 or args.connections < 1 or args.workers < 1:
        parser.error("--seminars, --duration, --connections and --workers must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the finally block below always cleans up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = None if args.python_load else shutil.which("wrk")
    if wrk is None and not args.python_load:
        log("wrk not found (apt-get install wrk); using the slower Python load generator")
    tmp = Path(tempfile.mkdtemp(prefix="victor-bench-"))
    server = None
    try:
        env = bench_environment(tmp)
        if args.compress_static:
            env["BENCH_COMPRESS_STATIC"] = "1"
        database = env["DATABASE_URL"].split("://", 1)[0]
        log(f"temporary folder {tmp}; database {database}; cache {env['CACHE_URL'].split('://', 1)[0]}")
        django_step("migrate", ["manage.py", "migrate", "--noinput", "-v", "0"], env)
        django_step("createcachetable", ["manage.py", "createcachetable"], env)
        data = last_json_line(
            django_step("data set", ["-m", "bench.dataset", "--seminars", str(args.seminars)], env)
        )
        django_step("collectstatic", ["manage.py", "collectstatic", "--noinput", "-v", "0"], env)

        wanted = [part for part in args.only.split(",") if part]
        endpoints = [
            (endpoint, endpoint.path.format(slug=data["slug"]))
            for endpoint in ENDPOINTS
            if endpoint.baseline or not wanted or any(part in endpoint.path for part in wanted)
        ]
        queries = last_json_line(
            django_step("query count", ["-m", "bench.queries"] + [p for _, p in endpoints], env)
        )

        server = Gunicorn(env, args.workers, tmp)
        server.start()
        results = []
        for endpoint, path in endpoints:
            result = measure(endpoint, path, server, args, wrk)
            counted = queries.get(path, {})
            if counted.get("status") == 200:
                result.queries_per_request = counted["queries"]
                result.response_bytes = counted["bytes"]
            results.append(result)
        baseline = next(
            (r for (endpoint, _), r in zip(endpoints, results, strict=True) if endpoint.baseline), None
        )

        load1, load5, _ = os.getloadavg()
        print()
        print(
            f"VICTOR Seminars benchmark, {time.strftime('%Y-%m-%d %H:%M')}: "
            f"Django {metadata.version('Django')}, gunicorn {metadata.version('gunicorn')} "
            f"({args.workers} sync workers), Python {platform.python_version()}, {os.cpu_count()} CPUs, "
            f"load average {load1:.2f}/{load5:.2f} after the run"
        )
        print(
            f"Data: {data['seminars']} public seminars ({data['upcoming']} upcoming, {data['past']} past, "
            f"{data['cancelled']} cancelled) in {data['countries']} countries, "
            f"{data['sessions_per_seminar']} agenda sessions each; database {database}."
        )
        print(
            f"Load: {'wrk' if wrk else 'Python load generator'}, {args.connections} connections, "
            f"{args.duration:g}s per endpoint after {args.warmup:g}s warm-up, "
            f"on the same machine as gunicorn; header X-Forwarded-Proto: https."
        )
        print()
        print_table(results, baseline)
        print()
        print(
            "requests: completed in the measured window (load generator). CPU ms/req: user+system CPU of "
            "gunicorn's master and workers per request they served in that window (counted by "
            "bench/gunicorn_conf.py).\n'x ok' columns compare with /bench/ok from this same run."
        )
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(
                json.dumps(
                    {
                        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
                        "data": data,
                        "load_generator": "wrk" if wrk else "python",
                        "results": [asdict(result) for result in results],
                    },
                    indent=2,
                )
                + "\n"
            )
            log(f"results written to {args.json}")
        return 0
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
