"""Fixtures of the fault tests: one throwaway PostgreSQL cluster, SMTP sink and
gunicorn for the session; task workers per test. Everything started is stopped
by its process id, and the cluster dropped, also when tests fail."""

from pathlib import Path

import pytest

from tests.faults.harness import App, Cluster, SmtpSink

HERE = Path(__file__).parent


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "faults: starts the app's processes against a throwaway PostgreSQL cluster (needs root)"
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.path).is_relative_to(HERE):
            item.add_marker(pytest.mark.faults)


@pytest.fixture(scope="session")
def cluster():
    try:
        cluster = Cluster()
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.drop()


@pytest.fixture(scope="session")
def smtp(tmp_path_factory):
    sink = SmtpSink(tmp_path_factory.mktemp("smtp"))
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def app(cluster, smtp, tmp_path_factory):
    app = App(cluster=cluster, smtp_port=smtp.port, folder=tmp_path_factory.mktemp("app"))
    try:
        app.manage("migrate", "--noinput", "-v", "0")
        yield app
    finally:
        app.stop_all()


@pytest.fixture(scope="session")
def web(app):
    return app.web()


@pytest.fixture
def workers(app):
    """Start task workers with app.worker(); the test's are stopped after it."""
    started = len(app.processes)
    yield app
    for process in app.processes[started:]:
        process.stop()
