"""`cityops jobs`: the background jobs (the alert rules, the MQTT subscriber, the live simulator in demo mode, …)
as a process of their own, for deployments whose web workers run with `CITYOPS_RUN_JOBS=false`. Several such
processes may run: one holds the jobs lock, the others wait to take over. Runs until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from data.wiring.runtime import Runtime

log = logging.getLogger("cityops")


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(prog="cityops jobs", description=__doc__).parse_args(argv)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    runtime = Runtime.from_settings()
    runtime.start(background=False, jobs=True)
    log.info("background jobs process ready")
    try:
        while not stop.wait(1.0):
            pass
    finally:
        runtime.stop()
    return 0
