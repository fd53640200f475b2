"""Processes and clients for the fault tests: a throwaway PostgreSQL cluster,
the app's processes (gunicorn, db_worker, manage.py commands), an SMTP sink,
and plain HTTP. Every process is started here and stopped by its id."""

import email
import http.client
import json
import mailbox
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], *, timeout: float, interval: float = 0.1, what: str):
    """condition()'s first true value, polled until `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")
        time.sleep(interval)


class Cluster:
    """A PostgreSQL cluster of Debian's postgresql-common, created for the tests and dropped after.
    FAULTS_PG_CLUSTER (default "faults") and FAULTS_PG_PORT (default 5433) name it and its
    port, so two runs on one machine never touch each other's cluster."""

    created: set[str] = set()  # names taken by this test process

    def __init__(self):
        if os.geteuid() != 0 or shutil.which("pg_createcluster") is None:
            raise RuntimeError(
                "The fault tests need root and Debian's pg_createcluster (apt-get install postgresql)."
            )
        self.version = max(os.listdir("/usr/lib/postgresql"), key=int)
        self.name = os.environ.get("FAULTS_PG_CLUSTER", "faults")
        self.port = int(os.environ.get("FAULTS_PG_PORT", "5433"))
        if self.name in Cluster.created:
            raise RuntimeError(
                f"Cluster {self.name} is already in use by this pytest process: run tests/faults "
                "and tests/scale in separate pytest processes (make faults does)."
            )
        Cluster.created.add(self.name)
        self.database = "victor_faults"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def create(self) -> None:
        self.drop()  # left over from an interrupted run
        subprocess.run(
            ["pg_createcluster", self.version, self.name, "--port", str(self.port), "--", "--auth=trust"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.start()
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {self.database}")

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")

    def restart(self, *, down_for: float) -> None:
        """Fast shutdown (open transactions are rolled back), `down_for` seconds down, start."""
        self.stop()
        time.sleep(down_for)
        self.start()

    def drop(self) -> None:
        subprocess.run(
            ["pg_dropcluster", "--stop", self.version, self.name], capture_output=True, timeout=120
        )

    def url(self, database: str | None = None) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database or self.database}"

    def rows(self, query: str, *params) -> list[tuple]:
        """The rows of one query, on a connection of its own (the cluster restarts)."""
        with psycopg.connect(self.url(), autocommit=True) as connection:
            return connection.execute(query, params).fetchall()


class Process:
    """A subprocess with its output in a log file; stopped by its process id."""

    def __init__(self, args: list[str], *, env: dict, log: Path):
        self.log = log
        with log.open("ab") as output:
            self.popen = subprocess.Popen(
                args, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def running(self) -> bool:
        return self.popen.poll() is None

    def stop(self, *, timeout: float = 15) -> None:
        """SIGTERM, then SIGKILL for the process group (its own children) if it lingers."""
        if self.running():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.popen.wait(timeout)

    def pause(self) -> None:
        self.popen.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.popen.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        """kill -9: no chance to clean up."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(15)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


class App:
    """The app's environment (production settings) and its processes."""

    def __init__(self, *, cluster: Cluster, smtp_port: int, folder: Path):
        self.folder = folder
        self.env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))},
            "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": cluster.url(),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "CACHE_URL": "locmemcache://",
            "MEDIA_ROOT": str(folder / "media"),
            "LOG_LEVEL": "WARNING",
        }
        self.processes: list[Process] = []

    def manage(self, *args: str, timeout: float = 120) -> str:
        """Run a manage.py command to its end; its standard output."""
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}"
        return done.stdout

    def seed(
        self, scenario: str, prefix: str, *, capacity: int, people: int, module: str = "tests.faults.seed"
    ) -> dict:
        """Run a scenario of `module` (a seed module) in an app process; what it prints."""
        done = subprocess.run(
            [PYTHON, "-m", module, scenario, prefix, str(capacity), str(people)],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"Seeding {scenario} failed:\n{done.stderr[-3000:]}"
        return json.loads(done.stdout.splitlines()[-1])

    def start(self, name: str, args: list[str], **env: str) -> Process:
        process = Process(args, env={**self.env, **env}, log=self.folder / f"{name}.log")
        self.processes.append(process)
        return process

    def web(self, name: str = "web", *, workers: int = 3, **env: str) -> "Web":
        port = free_port()
        process = self.start(
            name,
            [
                GUNICORN,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            **env,
        )
        web = Web(port, process)
        wait_until(web.healthy, timeout=30, what=f"gunicorn to answer /healthz:\n{process.log_tail()}")
        return web

    def worker(self, worker_id: str, **env: str) -> Process:
        return self.start(
            f"worker-{worker_id}",
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--worker-id",
                worker_id,
                "--interval",
                "0.1",
                "--no-startup-delay",
                "--no-reload",
            ],
            **env,
        )

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            process.stop()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def json(self):
        return json.loads(self.body)


class Web:
    """HTTP to a gunicorn of the app, as through the TLS-terminating proxy."""

    def __init__(self, port: int, process: Process):
        self.port = port
        self.process = process

    def request(self, method: str, path: str, *, token: str = "", data: dict | None = None) -> Answer:
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Language": "en"}
        if token:
            headers["Authorization"] = f"Token {token}"
        body = None
        if data is not None:
            body = json.dumps(data)
            headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Answer(
                response.status,
                {key.lower(): value for key, value in response.getheaders()},
                response.read().decode("utf-8", errors="replace"),
            )
        finally:
            connection.close()

    def healthy(self) -> bool:
        try:
            return self.request("GET", "/healthz").status == 200
        except OSError:
            return False


class SmtpSink:
    """aiosmtpd in its own process, keeping what it receives in a Maildir; stopping
    it is the mail server being down."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.maildir = folder / "maildir"
        self.log = folder / "smtp.log"
        self.process: Process | None = None

    def start(self) -> None:
        handler = ["-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)]
        self.process = Process(
            [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}", *handler],
            env=dict(os.environ),
            log=self.log,
        )
        wait_until(self._accepts, timeout=20, what="the SMTP sink to listen")

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None

    def _accepts(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def messages_to(self, address: str) -> list[EmailMessage]:
        if not self.maildir.exists():
            return []
        parsed = (
            email.message_from_bytes(message.as_bytes(), policy=default_policy)
            for message in mailbox.Maildir(self.maildir, create=False)
        )
        return [message for message in parsed if message["To"] == address]
