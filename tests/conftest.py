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


@contextmanager
def installed(services) -> Iterator:
    """`services` as the process's own (what `get_services()` answers) for code that has no other way to be given
    them (callbacks, routes), with empty per-version view caches; removed afterwards."""
    from data.wiring.services import set_services

    with fresh_view_caches():
        set_services(services)
        try:
            yield services
        finally:
            set_services(None)


@contextmanager
def fresh_view_caches() -> Iterator[None]:
    """What a callback module computes once per data version (`per_version`) is kept in the process and keyed by
    versions that start again at 0 in every fresh database: each test gets empty caches of its own."""
    import callbacks
    from callbacks._per_version import per_version

    callbacks.register_all()
    modules = [module for name, module in sorted(sys.modules.items()) if name.startswith("callbacks.")]
    replaced = [(module, name, view) for module in modules for name, view in vars(module).items()
                if callable(getattr(view, "cached", None))]
    for module, name, view in replaced:
        setattr(module, name, per_version(across_processes=view.across_processes)(view.__wrapped__))
    try:
        yield
    finally:
        for module, name, view in replaced:
            setattr(module, name, view)


@pytest.fixture
def app_services(fresh_services, tmp_path):
    """Fresh SQLite services installed as the process's (see `installed`), removed after the test."""
    with fresh_services("sqlite", tmp_path) as services, installed(services):
        yield services


TEST_PASSWORD = "test-password-1"


class CallbackRequest:
    """What a callback reads from the request that runs it, for calling callbacks as plain functions: who is
    signed in (`sign_in`: api.access's connection ContextVar, read back through the user store as for a real
    request) and which input fired (`trigger`: Dash's callback context). Leaving the `with` block (or `reset()`)
    puts both back."""

    def __init__(self, services):
        self.services = services
        self._set: list[tuple] = []

    def __enter__(self) -> CallbackRequest:
        return self

    def __exit__(self, *_exc) -> None:
        self.reset()

    def sign_in(self, role: str, name: str | None = None):
        """Create a user (or a display token) with `role` and sign it in; returns its Principal."""
        from starlette.requests import HTTPConnection

        from api import access
        from data.commands.users import UserStore

        name = name or f"{role}1"
        store = UserStore(self.services.engines.main)
        if role == "display":
            store.create_display_token(name)
            session = {"display": name}
        else:
            store.create(name, role, TEST_PASSWORD)
            session = {"user": name}
        self._put(access._connection, HTTPConnection({"type": "http", "session": session}))
        return access.current_principal()

    def trigger(self, prop_id: str, value=1) -> None:
        """`prop_id` (`"component.prop"`, or a pattern id's JSON followed by `.prop`) fired the callback."""
        from dash._callback_context import context_value
        from dash._utils import AttributeDict

        self._put(context_value, AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": value}]))

    def _put(self, variable, value) -> None:
        self._set.append((variable, variable.set(value)))

    def reset(self) -> None:
        while self._set:
            variable, token = self._set.pop()
            variable.reset(token)


@pytest.fixture
def callback_request(app_services):
    """A CallbackRequest on `app_services`, reset after the test."""
    with CallbackRequest(app_services) as request:
        yield request


# True once every plot on screen is drawn at the viewport's size: plotly has laid it out at its container's size
# and a map's canvas is that size and idle. Hidden plots (other wall scenes) and fixed-size ones do not count.
DRAWN_AT_VIEWPORT = """
    const [width, height] = arguments;
    if (window.innerWidth !== width || window.innerHeight !== height) { return false; }
    return Array.from(document.querySelectorAll('.js-plotly-plot')).every(gd => {
        if (!gd.offsetParent || (gd.layout && gd.layout.width)) { return true; }
        const layout = gd._fullLayout;
        if (!layout || Math.abs(layout.width - gd.clientWidth) > 1 || Math.abs(layout.height - gd.clientHeight) > 1) {
            return false;
        }
        const map = layout.map && layout.map._subplot && layout.map._subplot.map;
        if (!map) { return true; }
        const canvas = map.getCanvas(), box = map.getContainer();
        return map.loaded() && !map.isMoving() && Math.abs(canvas.clientWidth - box.clientWidth) <= 1
            && Math.abs(canvas.clientHeight - box.clientHeight) <= 1;
    });
"""
NEXT_FRAMES = "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));"


def emulate_screen(driver, width: int, height: int) -> None:
    """Lay the page out on a screen of exactly this size (the window's own chrome would eat into it); each call
    is a resize. `Emulation.clearDeviceMetricsOverride` gives the window's own size back."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


@contextmanager
def viewport(driver, width: int, height: int, name: str = "page"):
    """The page with an exact viewport, once the plots and maps are drawn at that size; the window's own size
    again after."""
    emulate_screen(driver, width, height)
    try:
        wait_for(lambda: driver.execute_script(DRAWN_AT_VIEWPORT, width, height), 30,
                 f"{name}: the plots were not drawn at {width}x{height}")
        driver.execute_async_script(NEXT_FRAMES)  # the frames that paint what was just laid out
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def save_screenshot(driver, name: str, width: int, height: int) -> Path:
    """Save a picture of the page as it is now (in a `viewport` of that size)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}_{width}x{height}.png"
    driver.save_screenshot(str(path))
    return path


def screenshot(driver, name: str, width: int = 1920, height: int = 1080) -> Path:
    """Save a picture of the page at an exact viewport, once the plots and maps are drawn at that size."""
    with viewport(driver, width, height, name):
        return save_screenshot(driver, name, width, height)


def dash_prop(driver, component_id: str, prop: str):
    """A component's property as the page holds it (the renderer's store), whether it is on screen or not."""
    return driver.execute_script("""
        const state = window.store.getState();
        let node = state.layout;
        for (const key of state.paths.strs[arguments[0]]) { node = node[key]; }
        return node.props[arguments[1]];""", component_id, prop)


def wait_for(predicate, timeout: float, message):
    """Poll `predicate` until it returns something truthy (returned), or fail with `message` (a text, or a function
    giving it then, e.g. with a log as it is at the failure)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(message() if callable(message) else message)
