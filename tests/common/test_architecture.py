"""The architecture of ARCHITECTURE.md holds, and its checks would notice a break.

`make lint` runs the same import-linter contracts (lint-imports); here they are
also checked against the real import graph with one import added on purpose, so a
contract that no longer catches anything fails the suite.
"""

import ast
import copy
from pathlib import Path

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "accounts",
    "events",
    "members",
    "registrations",
    "attendance",
    "evaluations",
    "certificates",
    "reporting",
    "press",
]
PACKAGES = ["common", *APPS, "config"]
LARGEST_APP_SHARE = 0.15


@pytest.fixture(scope="module")
def contracts():
    options = read_configuration(str(ROOT / ".importlinter"))
    return options, [contract for contract in options["contracts_options"] if contract["type"] == "layers"]


@pytest.fixture(scope="module")
def import_graph(contracts):
    options, _layers = contracts
    return grimp.build_graph(*options["session_options"]["root_packages"], cache_dir=None)


def _kept(contracts, graph) -> bool:
    options, layers = contracts
    return all(
        LayersContract(
            name=contract["name"], session_options=options["session_options"], contract_options=contract
        )
        .check(graph, verbose=False)
        .kept
        for contract in layers
    )


def test_the_contract_names_every_package(contracts):
    options, _layers = contracts
    assert sorted(options["session_options"]["root_packages"]) == sorted(PACKAGES)


def test_the_code_keeps_the_layers(contracts, import_graph):
    assert _kept(contracts, copy.deepcopy(import_graph))


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("common.markdown", "events.models"),  # the library imports an app
        ("events.models", "config.urls"),  # an app imports the site
        ("accounts.models", "events.models"),  # an app imports one above it
        ("registrations.services", "press.models"),  # apps of one layer import each other
        ("press.services", "registrations.models"),
        ("attendance.services", "reporting.exports"),
    ],
)
def test_breaking_a_layer_on_purpose_is_caught(contracts, import_graph, importer, imported):
    graph = copy.deepcopy(import_graph)
    graph.add_import(importer=importer, imported=imported)
    assert not _kept(contracts, graph)


def test_no_import_cycle_between_apps(import_graph):
    for package in PACKAGES:
        for other in PACKAGES:
            if package < other:
                both_ways = import_graph.chain_exists(
                    importer=package, imported=other, as_packages=True
                ) and import_graph.chain_exists(importer=other, imported=package, as_packages=True)
                assert not both_ways, f"{package} and {other} import each other"


def _python_files(package: str):
    return [path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts]


def test_no_app_holds_more_than_its_share_of_the_code():
    """No app holds more than 15 % of the application's Python lines (migrations and tests not counted)."""
    lines = {
        package: sum(len(path.read_text().splitlines()) for path in _python_files(package))
        for package in PACKAGES
    }
    total = sum(lines.values())
    too_large = {app: f"{lines[app] / total:.1%}" for app in APPS if lines[app] > LARGEST_APP_SHARE * total}
    assert not too_large


def _imports_inside_functions_without_a_reason(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    found = []
    for function in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            # The reason is a comment on the line or just above the block of imports it starts.
            above = node.lineno - 2
            while above >= 0 and lines[above].strip().startswith(("import ", "from ")):
                above -= 1
            if "#" not in lines[node.lineno - 1] and not (
                above >= 0 and lines[above].strip().startswith("#")
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_an_import_inside_a_function_says_why():
    """Imports belong at the top; one inside a function (a cycle, load order, an
    expensive library) carries a comment saying why."""
    found = [
        place
        for package in PACKAGES
        for path in _python_files(package)
        for place in _imports_inside_functions_without_a_reason(path)
    ]
    assert not found
