"""Event-to-wall latency: an incident posted to the ingest API (the shared write path) → its title on /wall.

Runs the real app (`python app.py`, SQLite, live simulator on) and a real headless Chromium wall, and
measures each event from the moment it is posted to the browser's DOM (MutationObserver, same machine clock):

1. baseline: the browser wall alone;
2. loaded: the same while N other walls are connected as scripted sessions speaking Dash's protocol: each
   runs the persistent push callback over a WebSocket, receives every push and, as a browser would, requests
   the wall callbacks each pushed store wakes.

It also reports the size of a no-change keepalive and, with --idle-minutes, whether a wall left idle that
long (nothing written, browser idle timeout at its 300 s default) still receives the next event.

    .venv/bin/python bench/wall_latency.py --walls 19 --events 30
    .venv/bin/python bench/wall_latency.py --idle-minutes 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import pytest_setup_options  # noqa: E402  (Debian chromium options of the browser tests)
from live_server import LiveServer  # noqa: E402

from data.store.settings import Settings  # noqa: E402

WALL_QUERY = "scenes=overview&dwell=3600&takeover=0"
OBSERVER = """
window.__seen = {};
const target = document.querySelector('#wall-ticker');
new MutationObserver(() => {
  for (const m of (target.textContent.match(/BENCH-[0-9a-f]{8}/g) || [])) {
    if (!(m in window.__seen)) { window.__seen[m] = Date.now(); }
  }
}).observe(target, {childList: true, subtree: true, characterData: true});
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Writer:
    """Posts incidents to the server's ingest API (the shared write path) with a feed token, as a feed would."""

    def __init__(self, server: LiveServer):
        from geo.pack import load_pack

        done = subprocess.run([sys.executable, "-m", "data.wiring.cli", "tokens", "issue", "bench", "--domain", "incidents"],
                              cwd=ROOT, env=server.env, capture_output=True, text=True, timeout=120, check=True)
        self.client = httpx.Client(base_url=server.url, timeout=30,
                                   headers={"Authorization": f"Bearer {done.stdout.strip().splitlines()[-1]}"})
        pack = load_pack()
        ward = pack.wards.iloc[0].geometry.representative_point()
        self.point = (ward.x, ward.y)
        self.category = pack.categories["code"].iloc[0]

    def incident(self, marker: str) -> float:
        """Post one incident; returns the moment the server answered (the write has committed by then)."""
        record = {"external_id": marker, "source": "hotline", "category": self.category, "severity": 3,
                  "title": f"Đo độ trễ {marker}", "lon": self.point[0], "lat": self.point[1],
                  "reported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        sent = time.time()
        response = self.client.post("/api/v1/ingest/incidents", json=[record])
        assert response.status_code == 200 and response.json()["accepted"] == 1, response.text
        return sent


def open_wall(server: LiveServer, token: str):
    from selenium import webdriver

    options = pytest_setup_options()
    options.add_argument("--headless=new")
    driver = webdriver.Chrome(options=options)
    driver.get(f"{server.url}/wall?{WALL_QUERY}&token={token}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if driver.execute_script("return !!document.querySelector('#wall-ticker li')"):
            break
        time.sleep(0.2)
    driver.execute_script(OBSERVER)
    return driver


def measure(driver, writer: Writer, events: int, gap_s: float) -> list[float]:
    latencies = []
    for _ in range(events):
        marker = f"BENCH-{uuid.uuid4().hex[:8]}"
        committed = writer.incident(marker)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            seen = driver.execute_script("return window.__seen[arguments[0]]", marker)
            if seen:
                latencies.append(seen / 1000 - committed)
                break
            time.sleep(0.01)
        else:
            latencies.append(float("inf"))
        time.sleep(gap_s)
    return latencies


def _outputs(output: str) -> list[dict] | dict:
    """`..a.figure@hash...b.children..` → the outputs the renderer sends with a request (one: a dict)."""
    if not output.startswith(".."):
        component, prop = output.rsplit(".", 1)
        return {"id": component, "property": prop}
    return [{"id": i, "property": p} for i, p in (item.rsplit(".", 1) for item in output[2:-2].split("..."))]


class ScriptedWalls:
    """N WebSocket sessions behaving as wall browsers do: each starts the persistent push callback, reads every
    message it sends and, for each pushed store, requests the wall's server callbacks that take it as input
    (HTTP POST to /_dash-update-component, with the states a browser would send back)."""

    STATE_DEFAULTS = {"wall-lang.data": "vi", "wall-config.data": {"grid": [4, 4]}}

    def __init__(self, server: LiveServer, token: str, count: int):
        self.server, self.token, self.count = server, token, count
        self.messages = 0
        self.bytes = 0
        self.requests = 0
        self.failed = 0
        self.per_callback: dict[str, list[float]] = {}  # first output → [requests, bytes, seconds]
        self.keepalive_sizes: list[int] = []
        self.pushes: list[tuple[int, str, float]] = []  # (wall, component pushed, arrival time)
        self.connected = threading.Event()
        self._stop = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> ScriptedWalls:
        self._thread.start()
        if not self.connected.wait(60):
            raise RuntimeError("scripted walls did not connect")
        return self

    def stop(self) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(15)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self._main())
        self._loop.run_until_complete(self._drain())
        self._loop.close()

    @staticmethod
    async def _drain() -> None:
        """Cancel the callback requests still in flight when the walls stopped."""
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _main(self) -> None:
        with httpx.Client(base_url=self.server.url, follow_redirects=False) as client:
            client.get(f"/wall?token={self.token}")
            cookies = dict(client.cookies.items())
            deps = client.get("/_dash-dependencies").json()
        push = next(d for d in deps if d.get("persistent") and d.get("no_output") and not d["inputs"])
        server_side = [d for d in deps if d.get("clientside_function") is None and d["inputs"]
                       and d["output"].lstrip(".").startswith("wall-")]
        ready = [0]
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        http = httpx.AsyncClient(base_url=self.server.url, cookies=cookies, timeout=30)

        async def run_callback(dep: dict, values: dict, changed: str) -> None:
            def value(item: dict):
                key = f"{item['id']}.{item['property']}"
                return values.get(key, self.STATE_DEFAULTS.get(key))

            body = {"output": dep["output"], "outputs": _outputs(dep["output"]),
                    "inputs": [{**i, "value": value(i)} for i in dep["inputs"]],
                    "state": [{**s, "value": value(s)} for s in dep["state"]], "changedPropIds": [changed]}
            started = time.perf_counter()
            response = await http.post("/_dash-update-component", json=body)
            self.requests += 1
            outputs = [o for o in body["output"].strip(".").split("...") if not o.startswith("wall-overview-map")]
            stats = self.per_callback.setdefault(outputs[0], [0, 0, 0.0])
            stats[0] += 1
            stats[1] += len(response.content)
            stats[2] += time.perf_counter() - started
            if response.status_code not in (200, 204):
                self.failed += 1
                return
            if response.status_code == 200:  # keep what a browser keeps: the stores the callback wrote
                for component, props in response.json().get("response", {}).items():
                    for prop, new in props.items():
                        if not (isinstance(new, dict) and "__dash_patch_update" in new):
                            values[f"{component}.{prop}"] = new

        async def one_wall(index: int) -> None:
            values: dict = {}
            url = self.server.url.replace("http", "ws") + "/_dash-ws-callback"
            async with websockets.connect(url, additional_headers={"Cookie": cookie, "Origin": self.server.url},
                                          max_size=None) as ws:
                await ws.send(json.dumps({"type": "callback_request", "rendererId": f"bench-{index}",
                                          "requestId": uuid.uuid4().hex, "payload": {
                                              "output": push["output"], "outputs": [], "inputs": [], "state": [],
                                              "changedPropIds": []}}))
                ready[0] += 1
                if ready[0] == self.count:
                    self.connected.set()
                while not self._stop.is_set():
                    try:
                        raw = await asyncio.wait_for(ws.recv(), 0.5)
                    except TimeoutError:
                        continue
                    self.messages += 1
                    self.bytes += len(raw)
                    if "live-heartbeat" in raw:
                        self.keepalive_sizes.append(len(raw))
                    decoded = json.loads(raw)
                    for message in decoded if isinstance(decoded, list) else [decoded]:
                        if message.get("type") != "set_props":
                            continue
                        component = message["payload"]["componentId"]
                        self.pushes.append((index, component, time.time()))
                        for prop, new in message["payload"]["props"].items():
                            changed = f"{component}.{prop}"
                            values[changed] = new
                            for dep in server_side:
                                if any(f"{i['id']}.{i['property']}" == changed for i in dep["inputs"]):
                                    asyncio.ensure_future(run_callback(dep, values, changed))

        try:
            await asyncio.gather(*(one_wall(i) for i in range(self.count)))
        finally:
            await http.aclose()


def report(name: str, latencies: list[float]) -> tuple[float, float]:
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print(f"{name:<28} n={len(latencies):>3}  p50={1000 * p50:7.1f} ms  p95={1000 * p95:7.1f} ms  "
          f"max={1000 * max(latencies):7.1f} ms")
    return p50, p95


def latency_run(args) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder), CITYOPS_SEED_DAYS=str(args.seed_days), CITYOPS_KEEPALIVE_S="5",
                            CITYOPS_SIM_INTERVAL_S=str(args.sim_interval)).start()
        try:
            token = server.display_token("bench wall")
            writer = Writer(server)
            driver = open_wall(server, token)
            try:
                measure(driver, writer, 3, 0.3)  # warm-up
                base = measure(driver, writer, args.events, args.gap)
                walls = ScriptedWalls(server, token, args.walls).start()
                try:
                    loaded = measure(driver, writer, args.events, args.gap)
                    time.sleep(6)  # at least one keepalive interval
                finally:
                    walls.stop()
            finally:
                driver.quit()
            print(f"event → /wall latency, real Chromium wall, live simulator ticking every {args.sim_interval:g} s "
                  f"({args.events} events each)")
            b50, b95 = report("baseline (1 wall)", base)
            l50, l95 = report(f"with {args.walls} more walls", loaded)
            print(f"ratio loaded/baseline: p50 ×{l50 / b50:.2f}, p95 ×{l95 / b95:.2f}")
            print(f"budget p50 ≤ 500 ms: {'met' if l50 <= 0.5 else 'MISSED'}; p95 ≤ 1000 ms: "
                  f"{'met' if l95 <= 1.0 else 'MISSED'}")
            print(f"scripted walls received {walls.messages} messages, {walls.bytes / 1024:.1f} KiB in all, and made "
                  f"{walls.requests} callback requests ({walls.failed} failed):")
            for output, (count, size, seconds) in sorted(walls.per_callback.items()):
                print(f"  {output:<32} {count:>5} requests, {size / max(count, 1) / 1024:7.1f} KiB and "
                      f"{1000 * seconds / max(count, 1):6.1f} ms each on average")
            if walls.keepalive_sizes:
                print(f"no-change keepalive: {max(walls.keepalive_sizes)} bytes (budget ≤ 1024)")
        finally:
            server.stop()


def idle_run(args) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder), CITYOPS_DEMO="false", CITYOPS_WS_INACTIVITY_TIMEOUT_S="300").start()
        try:
            token = server.display_token("idle wall")
            writer = Writer(server)
            writer.incident(f"BENCH-{uuid.uuid4().hex[:8]}")  # something on the ticker to wait for
            driver = open_wall(server, token)
            try:
                print(f"wall idle for {args.idle_minutes} min with nothing written …", flush=True)
                time.sleep(args.idle_minutes * 60)
                latency = measure(driver, writer, 1, 0)[0]
            finally:
                driver.quit()
            verdict = "received" if latency != float("inf") else "NOT received"
            print(f"after {args.idle_minutes} min idle the next event was {verdict}"
                  + (f" in {1000 * latency:.0f} ms" if latency != float("inf") else ""))
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--walls", type=int, default=19, help="scripted walls besides the browser")
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between events")
    parser.add_argument("--seed-days", type=float, default=0.25)
    parser.add_argument("--sim-interval", type=float, default=Settings.model_fields["sim_interval_s"].default,
                        help="seconds between live simulator ticks (default: the product's default)")
    parser.add_argument("--idle-minutes", type=float, default=0, help="run the idle check instead")
    args = parser.parse_args()
    idle_run(args) if args.idle_minutes else latency_run(args)


if __name__ == "__main__":
    main()
