"""Run the real app (`python app.py` or gunicorn) in a subprocess on a free port with its own data folder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, data_dir: Path, command: list[str] | None = None, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.log_path = data_dir / "server.log"
        self.env = {**os.environ, "CITYOPS_DATA_DIR": str(data_dir), "CITYOPS_PORT": str(self.port),
                    "CITYOPS_SEED_DAYS": "0.25", "CITYOPS_SIM_INTERVAL_S": "1", "PYTHONUNBUFFERED": "1", **env}
        self.command = command or [sys.executable, "app.py"]
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 180) -> LiveServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "w")  # noqa: SIM115 - the child writes to it until it exits
        command = [c.replace("{port}", str(self.port)) for c in self.command]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"server did not answer within {timeout}s:\n{self.log()}")

    def users(self, *args: str) -> str:
        """Run `cityops users ...` against this server's data folder (e.g. to add users before a test)."""
        done = subprocess.run([sys.executable, "-m", "data.wiring.cli", "users", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"cityops users {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout

    def add_user(self, username: str, role: str, password: str) -> None:
        self.users("create", username, "--role", role, "--password", password)

    def display_token(self, name: str) -> str:
        return self.users("display-token", "create", name).strip().splitlines()[-1]

    def login(self, username: str, password: str) -> httpx.Client:
        """An HTTP client holding a signed-in session."""
        client = httpx.Client(base_url=self.url, timeout=30)
        response = client.post("/login", data={"username": username, "password": password, "next": "/"})
        if response.status_code != 303:
            raise RuntimeError(f"login of {username} failed: {response.status_code}")
        return client

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 20) -> int:
        if self.process is None:
            return 0
        self.process.terminate()
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@contextmanager
def production_layout(folder: Path, pg_url: str, nodes: int = 2, workers: int = 2,
                      safety_poll_s: float = 60) -> Iterator[list[LiveServer]]:
    """The production layout on loopback: a database of its own on `pg_url`'s server, Redis, the migrations run
    by command, the jobs in a process of their own, and `nodes` gunicorn app nodes (`workers` each) whose
    workers run no jobs; yields the nodes, removes everything afterwards."""
    import psycopg

    name = f"cityops_nodes_{uuid.uuid4().hex[:8]}"
    admin_url = pg_url.replace("+psycopg", "")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    shared = {"CITYOPS_DATABASE_URL": pg_url.rsplit("/", 1)[0] + f"/{name}", "CITYOPS_DEMO": "false",
              "CITYOPS_REDIS_URL": "redis://127.0.0.1:6379/0", "CITYOPS_BUS_CHANNEL": f"cityops-test:{name}",
              "CITYOPS_BUS_SAFETY_POLL_S": str(safety_poll_s), "CITYOPS_SECRET_KEY": uuid.uuid4().hex,
              "CITYOPS_MIGRATE_ON_START": "false", "CITYOPS_RUN_JOBS": "false"}
    (folder / "cmd").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CITYOPS_DATA_DIR": str(folder / "cmd"), **shared}
    subprocess.run([sys.executable, "-m", "data.wiring.cli", "migrate"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    jobs = subprocess.Popen([sys.executable, "-m", "data.wiring.cli", "jobs"], cwd=ROOT,
                            env={**env, "CITYOPS_RUN_JOBS": "true"}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    started: list[LiveServer] = []
    try:
        for i in range(1, nodes + 1):
            started.append(LiveServer(folder / f"node{i}", command=[
                GUNICORN, "-k", "uvicorn_worker.UvicornWorker", "-w", str(workers), "--no-control-socket",
                "-b", "127.0.0.1:{port}", "app:server"], **shared).start())
        yield started
    finally:
        for node in started:
            node.stop()
        jobs.terminate()
        jobs.wait(20)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
