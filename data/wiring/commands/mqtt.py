"""`cityops mqtt`: the MQTT subscriber in the foreground, until Ctrl-C or SIGTERM (at any moment of start-up)."""

from __future__ import annotations

import argparse
import logging
import signal

from data.ingest.mqtt import DEFAULT_CLIENT_ID, ROOT
from data.wiring.jobs import mqtt_subscriber
from data.wiring.services import get_services
from data.wiring.setup import command_services

log = logging.getLogger("cityops.mqtt")


class StopRequested(BaseException):
    """SIGINT or SIGTERM during the command. Not KeyboardInterrupt: one raised inside code that exec() runs
    (dataclasses and SQLAlchemy build functions that way while importing) leaves CPython marking the interrupt
    unhandled even once it is caught, and the process would then exit killed by SIGINT instead of with 0."""


def _raise_stop(_signum, _frame) -> None:
    raise StopRequested


def _on_stop_signals(handler) -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cityops mqtt",
                                     description=f"Subscribe to {ROOT}/{{domain}}/{{source}} until Ctrl-C or SIGTERM")
    parser.add_argument("--url", help="broker URL (default: CITYOPS_MQTT_URL)")
    parser.add_argument("--client-id", help=f"persistent session id (default: {DEFAULT_CLIENT_ID})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    # SIGINT and SIGTERM raise StopRequested wherever start-up is (migrating, waiting for the migration lock,
    # connecting), whatever the parent left them as. The stop runs once: a second signal does not interrupt it.
    _on_stop_signals(_raise_stop)
    subscriber = None
    try:
        services = get_services()
        url = args.url or services.settings.mqtt_url
        if not url:
            parser.exit(2, "error: set CITYOPS_MQTT_URL or pass --url\n")
        log.info("bringing the database up to date")
        command_services(create=True)
        try:
            subscriber = mqtt_subscriber(services, url, args.client_id)
        except ValueError as exc:
            parser.exit(2, f"error: {exc}\n")
        subscriber.start()
        while True:
            signal.pause()
    except StopRequested:
        log.info("stopping")
    finally:
        _on_stop_signals(signal.SIG_IGN)
        if subscriber is not None:
            subscriber.stop()
    return 0

