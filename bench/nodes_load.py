"""Load run of the production layout: scripted walls (WebSocket sessions speaking Dash's protocol, as in
`wall_latency.py`) split over two app nodes — gunicorn, two workers each, PostgreSQL and Redis on loopback, the
jobs in a process of their own — while incidents arrive through the first node's ingest API. Reports the
event-to-client latency over every (event, wall) pair (commit → the `live-incidents` push at the wall), missed
events, callback errors and the app workers' resident memory. Budgets: p95 ≤ 1 s, 0 errors, 0 missed, RSS ≤ 500 MB.

    .venv/bin/python bench/nodes_load.py [--walls 50] [--events 20] [--gap 2] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from conftest import PG_URL  # noqa: E402
from live_server import production_layout  # noqa: E402
from wall_latency import ScriptedWalls, Writer, percentile  # noqa: E402

PUSHED = "live-incidents"


def worker_rss_mb(node) -> list[float]:
    """Resident memory of a gunicorn node's workers (its master's children), in MB."""
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(node.process.pid)], capture_output=True,
                              text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            line = next(x for x in status.read_text().splitlines() if x.startswith("VmRSS"))
            sizes.append(int(line.split()[1]) / 1024)
    return sizes


def run(walls: int, events: int, gap_s: float) -> dict:
    with tempfile.TemporaryDirectory() as folder, production_layout(Path(folder), PG_URL) as nodes:
        token = nodes[1].display_token("load-run")
        writer = Writer(nodes[0])
        sessions = [ScriptedWalls(node, token, walls // len(nodes) + (i < walls % len(nodes))).start()
                    for i, node in enumerate(nodes)]
        time.sleep(5)  # the walls' first callbacks settle
        sent = []
        for _ in range(events):
            sent.append(writer.incident(f"LOAD-{uuid.uuid4().hex[:8]}"))
            time.sleep(gap_s)
        time.sleep(3)
        rss = [mb for node in nodes for mb in worker_rss_mb(node)]
        for session in sessions:
            session.stop()
    latencies, missed = [], 0
    for session in sessions:
        for wall in range(session.count):
            arrivals = sorted(t for w, component, t in session.pushes if w == wall and component == PUSHED)
            for i, at in enumerate(sent):
                until = sent[i + 1] if i + 1 < len(sent) else float("inf")
                first = next((t for t in arrivals if at <= t < until), None)
                if first is None:
                    missed += 1
                else:
                    latencies.append(first - at)
    errors = sum(session.failed for session in sessions)
    return {"walls": walls, "nodes": len(sessions), "events": events, "pairs": walls * events,
            "p50_ms": round(1000 * percentile(latencies, 0.5), 1) if latencies else None,
            "p95_ms": round(1000 * percentile(latencies, 0.95), 1) if latencies else None,
            "max_ms": round(1000 * max(latencies), 1) if latencies else None,
            "missed": missed, "errors": errors, "callback_requests": sum(s.requests for s in sessions),
            "worker_rss_mb_max": round(max(rss), 1) if rss else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--walls", type=int, default=50)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--gap", type=float, default=2.0, help="seconds between events")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    result = run(args.walls, args.events, args.gap)
    print(f"{result['walls']} walls on {result['nodes']} nodes, {result['events']} events: "
          f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms; "
          f"missed {result['missed']}/{result['pairs']}, errors {result['errors']} "
          f"({result['callback_requests']} callback requests); worker RSS max {result['worker_rss_mb_max']} MB")
    print("budgets: p95 ≤ 1000 ms, 0 missed, 0 errors, RSS ≤ 500 MB")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
