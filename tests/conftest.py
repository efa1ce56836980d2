"""Shared fixtures: database engines (SQLite always, PostgreSQL when reachable) and browser options."""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_URL = os.environ.get("CITYOPS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SCREENSHOTS = ROOT / "tests" / "screenshots"


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return True
    except Exception:
        return False


def need_service(available: bool, what: str) -> None:
    """Skip on a laptop without the service; in CI a missing service is a failure, never a skip."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not reachable")
    pytest.skip(f"{what} not reachable")


# Fixtures that need what a marker keeps out of the fast tier (`make test-fast`): a test using one carries it.
MARKER_OF_FIXTURE = {"dash_duo": "browser", "broker": "mqtt"}


def pytest_collection_modifyitems(items):
    unmarked = [f"{item.nodeid} uses {fixture} but is not marked {marker}" for item in items
                for fixture, marker in MARKER_OF_FIXTURE.items()
                if fixture in item.fixturenames and item.get_closest_marker(marker) is None]
    if unmarked:
        raise pytest.UsageError("\n".join(unmarked))


def pytest_setup_options():
    """Selenium options for dash_duo: Debian's chromium, headless, no traffic beyond the host."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--no-sandbox", "--window-size=1920,1080", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--enable-unsafe-swiftshader", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    return options


@pytest.fixture(scope="session")
def pack():
    from geo.pack import load_pack

    return load_pack("thanh_hoa")


def _pg_engine(schema: str):
    from sqlalchemy import text

    from data.store.db import make_engine

    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    from sqlalchemy import create_engine

    return create_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"}, pool_pre_ping=True)


def _drop_pg_schema(schema: str) -> None:
    from sqlalchemy import text

    from data.store.db import make_engine

    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


# The databases a provider test runs on: SQLite in both tiers, PostgreSQL only in the whole suite.
DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _migrated_with_registries(engine, pack):
    from data.ingest.registry import load_registries
    from data.store.db import Engines
    from data.store.schema import migrate

    migrate(engine)
    engines = Engines.single(engine)
    load_registries(engines, pack)
    return engines


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory, pack) -> Path:
    """One SQLite database migrated and loaded with the city's registries, copied for every test that wants a
    fresh one (a copy takes milliseconds, migrating a tenth of a second)."""
    from data.store.db import make_engine

    path = tmp_path_factory.mktemp("template") / "migrated.db"
    _migrated_with_registries(make_engine(f"sqlite:///{path}"), pack).dispose()
    return path


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (whatever is still in the source's write-ahead log)."""
    import sqlite3

    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture(scope="session")
def fresh_services(sqlite_template, pack):
    """`with fresh_services(database, folder, **settings) as services:` migrated services with the city's
    registries on a new SQLite file in `folder` or a throw-away PostgreSQL schema, disposed (the schema dropped)
    afterwards. `settings` override the test settings (demo off, data in `folder`)."""
    from data.store.db import Engines, make_engine
    from data.store.settings import Settings
    from data.wiring.services import Services

    @contextmanager
    def make(database: str, folder: Path, **settings) -> Iterator[Services]:
        schema = None
        if database == "sqlite":
            path = folder / "test.db"
            _copy_sqlite(sqlite_template, path)
            engines = Engines.single(make_engine(f"sqlite:///{path}"))
        else:
            need_service(_pg_available(), "PostgreSQL at 127.0.0.1:5432")
            schema = f"t_{uuid.uuid4().hex[:12]}"
            engines = _migrated_with_registries(_pg_engine(schema), pack)
        try:
            yield Services(Settings(**{"data_dir": folder, "demo": False, **settings}, _env_file=None), engines, pack)
        finally:
            engines.dispose()
            if schema:
                _drop_pg_schema(schema)

    return make


@pytest.fixture(params=DATABASES)
def db_services(request, tmp_path, fresh_services):
    """Fresh, migrated services with the city's registries on SQLite and on PostgreSQL."""
    with fresh_services(request.param, tmp_path) as services:
        yield services


def screenshot(driver, name: str, width: int = 1920, height: int = 1080) -> Path:
    """Save a picture of the page with an exact viewport (the window's own chrome would eat into it)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    import time

    time.sleep(1.5)  # let the map re-render at the new size
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}_{width}x{height}.png"
    driver.save_screenshot(str(path))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return path


def wait_for(predicate, timeout: float, message: str):
    """Poll `predicate` until it returns something truthy (returned), or fail with `message`."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(message)
