"""Page weight: the bytes a cold page load transfers, per resource, as headless Chromium counts them.

Runs the real app (`python app.py`, SQLite, live simulator on) and opens each page once in a fresh browser (empty
cache) with a display token or a signed-in operator; sums the bytes on the wire (Chrome's `encodedDataLength`,
headers included) of every request until the page has drawn its map and the network has been quiet for a while,
and names the biggest resources and any URL or callback output fetched more than once (the simulator is quiet
by default, so a repeat is a duplicate and not a live update). With `--live-minutes`, the page then stays open
that long with the simulator ticking (`--sim-interval 5`, the default cadence) and the bytes it pulls a minute are
printed: requests and WebSocket frames. Budgets from issue 11: cold /wall ≤ 3 MB; a live wall ≤ 100 KB a minute.

    .venv/bin/python bench/page_weight.py                  # /wall, / and /incidents
    .venv/bin/python bench/page_weight.py --pages /wall --top 12
    .venv/bin/python bench/page_weight.py --git-ref HEAD~3  # the same, for an older commit (an export of it)
    .venv/bin/python bench/page_weight.py --pages /wall --sim-interval 5 --live-minutes 3
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import pytest_setup_options  # noqa: E402  (Debian chromium options of the browser tests)
from live_server import LiveServer  # noqa: E402

PASSWORD = "page-weight-pass-1"
WALL_BUDGET = 3_000_000
LIVE_BUDGET = 100_000  # bytes a minute a wall pulls while the city's feeds keep arriving


def browser():
    from selenium import webdriver

    options = pytest_setup_options()
    options.add_argument("--headless=new")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(options=options)


def transfers(driver, frames: list[int] | None = None) -> dict[str, dict]:
    """Per request id: url, bytes on the wire, encoding, from the DevTools network log read since the last call
    (WebSocket frames' payload sizes are appended to `frames`)."""
    requests: dict[str, dict] = defaultdict(dict)
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message["method"], message.get("params", {})
        if method in ("Network.webSocketFrameReceived", "Network.webSocketFrameSent") and frames is not None:
            frames.append(len(params.get("response", {}).get("payloadData", "")))
        elif method == "Network.requestWillBeSent":
            requests[params["requestId"]]["url"] = params["request"]["url"]
            body = params["request"].get("postData") or ""
            if body.startswith("{"):  # a Dash callback: name it by its output
                requests[params["requestId"]]["output"] = json.loads(body).get("output", "")[:120]
        elif method == "Network.responseReceived":
            headers = {k.lower(): v for k, v in params["response"].get("headers", {}).items()}
            requests[params["requestId"]]["encoding"] = headers.get("content-encoding", "")
            requests[params["requestId"]].setdefault("url", params["response"]["url"])
        elif method == "Network.loadingFinished":
            requests[params["requestId"]]["bytes"] = params["encodedDataLength"]
    return {k: v for k, v in requests.items() if "bytes" in v and v.get("url", "").startswith("http")}


def settle(driver, ready_js: str, quiet_s: float = 4.0, timeout: float = 90.0) -> float:
    """Wait for `ready_js` to be true, then for the network to go quiet; returns the seconds to ready."""
    start = time.monotonic()
    while time.monotonic() - start < timeout and not driver.execute_script(ready_js):
        time.sleep(0.1)
    ready = time.monotonic() - start
    last, seen = time.monotonic(), -1
    while time.monotonic() - last < quiet_s and time.monotonic() - start < timeout:
        count = driver.execute_script("return performance.getEntriesByType('resource').length")
        if count != seen:
            seen, last = count, time.monotonic()
        time.sleep(0.25)
    return ready


def measure(server: LiveServer, path: str, login: bool, token: str, top: int, live_minutes: float = 0) -> dict:
    driver = browser()
    try:
        if login:
            driver.get(f"{server.url}/login")
            driver.find_element("id", "username").send_keys("weigh1")
            driver.find_element("id", "password").send_keys(PASSWORD)
            driver.find_element("id", "login-submit").click()
            time.sleep(1)
            driver.get_log("performance")  # the login page itself is not part of the page's weight
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            driver.get(f"{server.url}{path}")
        else:
            driver.get(f"{server.url}{path}{'&' if '?' in path else '?'}token={token}")
        ready = settle(driver, "return !!document.querySelector('.maplibregl-canvas')")
        found = transfers(driver)
        live = None
        if live_minutes > 0:  # the page left open while the feeds keep arriving
            frames: list[int] = []
            later: dict[str, dict] = {}
            until = time.monotonic() + live_minutes * 60
            while time.monotonic() < until:
                time.sleep(min(10.0, max(0.0, until - time.monotonic())))
                later.update(transfers(driver, frames))  # the log is read in slices (it is bounded)
            pulled = sum(r["bytes"] for r in later.values()) + sum(frames)
            by_output: Counter = Counter()
            for r in later.values():
                by_output[(r.get("output") or r["url"].split("?")[0])[:70]] += r["bytes"]
            live = {"per_minute": pulled / live_minutes, "requests": len(later), "frames": len(frames),
                    "biggest": [(name, size / live_minutes) for name, size in by_output.most_common(top)]}
    finally:
        driver.quit()
    total = sum(r["bytes"] for r in found.values())
    by_url = Counter(r.get("output") or r["url"].split("?")[0] for r in found.values())
    biggest = sorted(found.values(), key=lambda r: -r["bytes"])[:top]
    return {"path": path, "bytes": total, "requests": len(found), "map_s": ready,
            "twice": {u: n for u, n in by_url.items() if n > 1}, "biggest": biggest, "live": live}


def report(result: dict) -> None:
    print(f"\n{result['path']}: {result['bytes'] / 1e6:.2f} MB transferred in {result['requests']} requests; "
          f"map canvas after {result['map_s']:.1f} s")
    for r in result["biggest"]:
        name = r["url"].split("//", 1)[-1].split("/", 1)[-1].split("?")[0][:90] + (
            f" → {r['output'][:60]}" if r.get("output") else "")
        print(f"  {r['bytes'] / 1e3:9.1f} kB  {r.get('encoding') or '-':5}  /{name}")
    for url, n in result["twice"].items():
        print(f"  fetched {n}×: {url}")
    if result["path"].startswith("/wall"):
        verdict = "within" if result["bytes"] <= WALL_BUDGET else "OVER"
        print(f"  budget cold /wall ≤ {WALL_BUDGET / 1e6:.0f} MB: {verdict}")
    if result["live"]:
        live = result["live"]
        verdict = "within" if live["per_minute"] <= LIVE_BUDGET else "OVER"
        frames = (f"{live['frames']} WebSocket frames" if live["frames"] else
                  "the push's WebSocket frames travel in Dash's shared worker, outside this log")
        print(f"  left open: {live['per_minute'] / 1e3:.1f} kB a minute ({live['requests']} requests; {frames}); "
              f"budget ≤ {LIVE_BUDGET / 1e3:.0f} kB a minute: {verdict}")
        for name, size in live["biggest"]:
            print(f"  {size / 1e3:9.1f} kB a minute  {name}")


def run(root: Path, args) -> None:
    with tempfile.TemporaryDirectory(prefix="cityops-weight-") as folder:
        server = LiveServer(Path(folder), command=[sys.executable, str(root / "app.py")],
                            CITYOPS_SEED_DAYS=str(args.seed_days), CITYOPS_SIM_INTERVAL_S=str(args.sim_interval))
        server.start()
        try:
            token = server.display_token("weight")
            server.add_user("weigh1", "operator", PASSWORD)
            for path in args.pages:
                report(measure(server, path, path.startswith("/incidents"), token, args.top, args.live_minutes))
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", nargs="+", default=["/wall", "/", "/incidents"])
    parser.add_argument("--top", type=int, default=8, help="how many of the biggest resources to name")
    parser.add_argument("--seed-days", type=float, default=0.25)
    parser.add_argument("--sim-interval", type=float, default=3600,
                        help="simulator seconds between ticks (quiet by default: what a cold load costs alone)")
    parser.add_argument("--live-minutes", type=float, default=0,
                        help="then leave each page open this long and print the bytes it pulls a minute")
    parser.add_argument("--git-ref", help="measure this commit instead (exported to a temporary folder)")
    args = parser.parse_args()
    if not args.git_ref:
        run(ROOT, args)
        return
    with tempfile.TemporaryDirectory(prefix="cityops-ref-") as folder:
        archive = subprocess.run(["git", "archive", args.git_ref], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        print(f"measuring {args.git_ref}")
        run(Path(folder), args)


if __name__ == "__main__":
    main()
