"""A newcomer's first start, as `make run` does it: the port answers at once with a "preparing" page, the
console ends with the address, an administrator's password and a wall link, and those let them in."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx
import pytest
from conftest import wait_for
from live_server import ROOT, LiveServer

pytestmark = pytest.mark.process


def start(server: LiveServer) -> subprocess.Popen:
    server.data_dir.mkdir(parents=True, exist_ok=True)
    log = open(server.log_path, "w")  # noqa: SIM115 - the child writes to it until it exits
    server.process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=server.env, stdout=log,
                                      stderr=subprocess.STDOUT)
    return server.process


def first_answer(url: str, timeout: float = 60) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return httpx.get(url, timeout=5)
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def ready(server: LiveServer) -> str:
    return wait_for(lambda: "=" * 72 in server.log().split("CityOps is ready", 1)[-1] and server.log(), 120,
                    f"no welcome in the console:\n{server.log()}")


def test_first_start_lets_a_newcomer_in(tmp_path):
    server = LiveServer(tmp_path / "demo", CITYOPS_SEED_DAYS="3")
    start(server)
    try:
        # The port answers while the history is seeded: a page with the progress, in both languages.
        page = first_answer(f"{server.url}/")
        assert page.status_code == 503 and page.headers["retry-after"] == "2"
        assert "Đang chuẩn bị dữ liệu" in page.text and 'http-equiv="refresh"' in page.text
        assert "Preparing the data" in httpx.get(f"{server.url}/?lang=en").text
        health = httpx.get(f"{server.url}/api/v1/health")
        assert health.status_code == 503 and health.json()["status"] == "preparing"

        log = ready(server)
        tail = log.rstrip().splitlines()[-9:]
        assert tail[0] == "=" * 72 and tail[-1] == "=" * 72, "the welcome is the last thing printed"
        password = re.search(r"password:\s+(\S+)", log).group(1)
        wall = re.search(r"wall screen \(display token, read-only\): (\S+)", log).group(1)
        assert f"CityOps is ready: {server.url}" in log and "cityops users reset-password admin" in log

        assert httpx.get(f"{server.url}/api/v1/health").status_code == 200
        login = httpx.get(f"{server.url}/login")
        assert "Chưa có tài khoản?" in login.text and "in ở cuối cửa sổ dòng lệnh" in login.text
        assert "No account yet?" in httpx.get(f"{server.url}/login?lang=en").text
        signed_in = server.login("admin", password)
        assert signed_in.get("/admin").status_code == 200
        with httpx.Client(base_url=server.url, follow_redirects=True) as screen:
            assert screen.get(wall.removeprefix(server.url)).status_code == 200
            assert screen.get("/admin", follow_redirects=False).status_code == 403  # a wall is read-only
    finally:
        server.stop()

    # The second start shows no password again: it was shown once.
    start(server)
    try:
        log = ready(server)
        assert "password:" not in log.split("CityOps is ready", 1)[-1]
    finally:
        server.stop()


def test_no_administrator_outside_demo_mode(tmp_path):
    server = LiveServer(tmp_path / "prod", CITYOPS_DEMO="false").start()
    try:
        log = ready(server)
        assert "password:" not in log and "wall?token" not in log
        assert "admin" not in server.users("list")
    finally:
        server.stop()
