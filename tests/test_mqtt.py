"""MQTT subscriber against the real Mosquitto on 127.0.0.1:1883, writing to SQLite and PostgreSQL.

Covers records of each message shape, dead letters with their reasons, messages published while the subscriber
was away (persistent session), a broker restart in the middle of a stream (nothing lost, nothing doubled), a
session the broker lost (subscribed again, with a warning) and the `cityops mqtt` command.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from conftest import ROOT, need_service
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import create_engine, func, select

from data.domains.environment.models import EnvObs
from data.domains.traffic.models import TrafficObs
from data.ingest.mqtt import BrokerUrl, MqttSubscriber
from data.store.db import utcnow
from data.wiring.jobs import mqtt_job, mqtt_subscriber

HOST, PORT = "127.0.0.1", 1883
URL = f"mqtt://{HOST}:{PORT}"
CONF = "/etc/mosquitto/mosquitto.conf"
PIDFILE = Path("/run/mosquitto/mosquitto.pid")
WAIT_S = 30.0


def broker_up() -> bool:
    try:
        with socket.create_connection((HOST, PORT), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def broker():
    need_service(broker_up(), f"Mosquitto at {HOST}:{PORT}")


def wait_until(predicate, what: str, timeout: float = WAIT_S) -> None:
    """Poll until `predicate()` holds; fail (naming what was awaited) after a generous timeout."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


class Publisher:
    """A QoS 1 publisher with its own persistent session; `published` holds the mids the broker acknowledged."""

    def __init__(self, client_id: str | None = None):
        self.published: set[int] = set()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id or f"test-pub-{uuid.uuid4().hex[:8]}",
                                  clean_session=False)
        self.client.reconnect_delay_set(min_delay=1, max_delay=2)
        self.client.on_publish = lambda _c, _u, mid, _rc, _p: self.published.add(mid)
        self.client.connect(HOST, PORT, keepalive=30)
        self.client.loop_start()

    def send(self, topic: str, payload) -> int:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return self.client.publish(topic, body, qos=1).mid

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
        forget_session(self.client._client_id.decode())


def forget_session(client_id: str) -> None:
    """Remove a persistent session from the broker (a clean connect with the same id)."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
    client.connect(HOST, PORT)
    client.disconnect()


class Subscribed:
    """A running subscriber with a unique persistent session and the outcomes of the messages it handled."""

    def __init__(self, services, client_id: str):
        self.outcomes: list = []
        self._lock = threading.Lock()
        self.subscriber = mqtt_subscriber(services, URL, client_id, on_outcome=self._record)

    def _record(self, topic, outcome) -> None:
        with self._lock:
            self.outcomes.append((topic, outcome))

    def accepted(self) -> int:
        """Records accepted so far. An outcome comes after its write commits (and its ack), so a test that saw the
        rows must still wait for this count before reading it."""
        with self._lock:
            return sum(o.accepted for _, o in self.outcomes)

    def __enter__(self) -> Subscribed:
        self.subscriber.start()
        wait_until(self.subscriber.subscribed.is_set, "the subscription")
        return self

    def __exit__(self, *_exc) -> None:
        self.subscriber.stop()


@pytest.fixture
def client_id():
    name = f"cityops-test-{uuid.uuid4().hex[:10]}"
    yield name
    if broker_up():
        forget_session(name)


def env_record(minutes_ago: int, station: str = "AQ-01", value: float = 30.0) -> dict:
    ts = (utcnow() - timedelta(minutes=minutes_ago)).replace(second=0, microsecond=0)
    return {"station": station, "ts": ts.isoformat(), "parameter": "pm25", "value": value}


def rows(services, model, domain: str) -> int:
    with services.engines[domain].connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.mark.mqtt
def test_records_are_written_and_bad_messages_become_dead_letters(db_services, broker, client_id):
    segment = next(iter(db_services.registry.entities("traffic")))
    traffic = {"segment": segment, "ts": (utcnow() - timedelta(minutes=5)).isoformat(), "speed_kmh": 31.5}
    messages = [
        ("cityops/environment/aq-net", [env_record(10), env_record(20)]),  # an array
        ("cityops/traffic/loop-7", traffic),  # one object
        ("cityops/environment/aq-net", [env_record(10)]),  # a resend: a duplicate, not a dead letter
        ("cityops/environment/aq-net", b'[{"station": "AQ-01",'),  # malformed JSON
        ("cityops/weather/station-9", [env_record(30)]),  # unknown domain
        ("cityops/environment/aq-net", [env_record(40), env_record(40, station="NO-SUCH")]),  # one bad record
        ("cityops/environment/aq-net", "just text"),  # valid JSON, not records
    ]
    publisher = Publisher()
    try:
        with Subscribed(db_services, client_id) as sub:
            for topic, payload in messages:
                publisher.send(topic, payload)
            wait_until(lambda: len(sub.outcomes) == len(messages), "every message to be handled")
    finally:
        publisher.close()

    assert rows(db_services, EnvObs, "environment") == 3
    assert rows(db_services, TrafficObs, "traffic") == 1
    outcomes = [o for _, o in sub.outcomes]
    assert sum(o.accepted for o in outcomes) == 4 and sum(o.duplicates for o in outcomes) == 1
    letters = db_services.feeds.dead_letters(channel="mqtt").sort_values("id")
    assert len(letters) == 4
    by_reason = dict(zip(letters["reason"], zip(letters["source"], letters["payload"], strict=True), strict=True))
    malformed = next(r for r in by_reason if r.startswith("payload: malformed JSON"))
    assert by_reason[malformed] == ("cityops/environment/aq-net", '[{"station": "AQ-01",')
    unknown = next(r for r in by_reason if "unknown domain 'weather'" in r)
    assert by_reason[unknown][0] == "cityops/weather/station-9"
    partial = next(r for r in by_reason if r.startswith("1 of 2 records rejected"))
    assert "record 1: station: unknown code 'NO-SUCH'" in partial
    assert json.loads(by_reason[partial][1]) == [env_record(40, station="NO-SUCH")]  # only the rejected record
    assert any(r.startswith("payload: must be a JSON object") for r in by_reason)
    health = db_services.feeds.status().set_index("feed")
    assert health.loc["mqtt/aq-net", "domain"] == "environment" and health.loc["mqtt/loop-7", "domain"] == "traffic"


@pytest.mark.mqtt
def test_messages_published_while_away_arrive_after_reconnect(db_services, broker, client_id):
    with Subscribed(db_services, client_id):
        pass  # the broker now holds a persistent session with the subscription
    publisher = Publisher()
    try:
        mids = [publisher.send("cityops/environment/offline-net", [env_record(i)]) for i in range(1, 6)]
        wait_until(lambda: set(mids) <= publisher.published, "the broker to take the messages")
    finally:
        publisher.close()
    assert rows(db_services, EnvObs, "environment") == 0
    with Subscribed(db_services, client_id):
        wait_until(lambda: rows(db_services, EnvObs, "environment") == 5, "the queued messages")


def _broker_pid() -> int:
    if PIDFILE.exists():
        return int(PIDFILE.read_text().split()[0])
    found = subprocess.run(["pgrep", "-x", "mosquitto"], capture_output=True, text=True).stdout.split()
    assert found, "no mosquitto process to stop"
    return int(found[0])


def _stop_broker() -> None:
    pid = _broker_pid()
    os.kill(pid, signal.SIGTERM)  # a clean stop: mosquitto saves its persistent sessions

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False

    wait_until(lambda: gone() and not broker_up(), "the broker to stop")


def _start_broker() -> None:
    subprocess.run(["mosquitto", "-d", "-c", CONF], check=True)
    wait_until(broker_up, "the broker to listen again")


@pytest.mark.mqtt
def test_broker_restart_mid_stream_loses_and_duplicates_nothing(db_services, broker, client_id):
    total, topic = 60, "cityops/environment/restart-net"
    records = [env_record(minutes_ago=i + 1) for i in range(total)]
    publisher = Publisher()
    try:
        with Subscribed(db_services, client_id) as sub:
            mids = [publisher.send(topic, [r]) for r in records[:20]]
            # The broker stops as soon as the first records are written, usually with more of the first part still
            # in flight to the subscriber: the broker saved them with the session and delivers them again.
            wait_until(lambda: rows(db_services, EnvObs, "environment") >= 5, "the first records to be written")
            try:
                _stop_broker()
                # Published while the broker is down: the publisher keeps them until the broker acknowledges them.
                mids += [publisher.send(topic, [r]) for r in records[20:40]]
                _start_broker()
            finally:
                if not broker_up():
                    _start_broker()
            mids += [publisher.send(topic, [r]) for r in records[40:]]
            wait_until(lambda: set(mids) <= publisher.published, "the broker to acknowledge every message")
            wait_until(lambda: sub.accepted() >= total, f"all {total} records to be handled")
            accepted = sub.accepted()
    finally:
        publisher.close()
    assert rows(db_services, EnvObs, "environment") == total  # none lost, none doubled
    assert accepted == total
    assert db_services.feeds.dead_letters(channel="mqtt").empty


@pytest.mark.mqtt
def test_a_lost_session_is_renewed_and_warned_about(db_services, broker, client_id, caplog):
    publisher = Publisher()
    try:
        with caplog.at_level(logging.WARNING, logger="cityops.mqtt"), Subscribed(db_services, client_id) as sub:
            sub.subscriber.subscribed.clear()
            # Takes the connection over and drops the session, as a broker restart without persistence would.
            forget_session(client_id)
            wait_until(sub.subscriber.subscribed.is_set, "the subscription to be renewed")
            publisher.send("cityops/environment/renewed-net", [env_record(1)])
            wait_until(lambda: sub.accepted() == 1, "the message sent after the renewal")
    finally:
        publisher.close()
    assert any("lost the persistent session" in r.getMessage() for r in caplog.records)
    assert rows(db_services, EnvObs, "environment") == 1


def test_job_needs_a_url_and_urls_are_parsed(db_services):
    assert mqtt_job(db_services) is None
    db_services.settings.mqtt_url = "mqtt://ingest:s%40cret@broker.local?client_id=city-a"
    job = mqtt_job(db_services)
    assert isinstance(job, MqttSubscriber)
    assert job.broker == BrokerUrl("broker.local", 1883, False, "ingest", "s@cret", "city-a")
    assert BrokerUrl.parse("mqtts://h").port == 8883
    with pytest.raises(ValueError):
        BrokerUrl.parse("http://h:1883")


@pytest.mark.mqtt
def test_stop_does_not_wait_for_a_stuck_write(db_services, broker, client_id):
    """A write that hangs (e.g. on an unreachable database) cannot hold up stopping: the message stays
    unacknowledged, and the broker delivers it again."""
    writing, release = threading.Event(), threading.Event()

    def stuck(_topic, _payload):
        writing.set()
        release.wait(WAIT_S)
        raise ConnectionError("database unreachable")

    publisher = Publisher()
    sub = Subscribed(db_services, client_id)
    sub.subscriber.handler.handle = stuck
    try:
        with sub:
            publisher.send("cityops/environment/stuck-net", [env_record(1)])
            wait_until(writing.is_set, "the write to start")
            started = time.monotonic()
            sub.subscriber.stop(timeout=1.0)
            assert time.monotonic() - started < 10.0  # bounded by its own timeout, not the stuck write's 30 s
    finally:
        release.set()
        publisher.close()


STOP_S = 5.0  # a signal at any moment stops the command within this


class Command:
    """`cityops mqtt` in a subprocess on a SQLite database of its own, its log read line by line.

    `sigint_ignored` starts it the way a script's background job is started (SIGINT ignored by the parent);
    `as_function` runs it as another entry point would, calling `data.ingest.mqtt.main(argv)`."""

    def __init__(self, tmp_path: Path, client_id: str, url: str = URL, sigint_ignored: bool = False,
                 as_function: bool = False):
        self.db = tmp_path / "cmd.db"
        env = {**os.environ, "CITYOPS_DATABASE_URL": f"sqlite:///{self.db}", "CITYOPS_DATA_DIR": str(tmp_path),
               "CITYOPS_DEMO": "false", "PYTHONUNBUFFERED": "1"}
        entry = ["-c", "import sys; from data.wiring.commands.mqtt import main; sys.exit(main(sys.argv[1:]))"] \
            if as_function else ["-m", "data.wiring.cli", "mqtt"]
        command = [sys.executable, *entry, "--url", url, "--client-id", client_id]
        self.lines: list[str] = []
        # A child starts with SIGINT ignored if its parent ignores it, else with the default: set either here,
        # whatever this test run itself was started with.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN if sigint_ignored else signal.default_int_handler)
        try:
            self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True)
        finally:
            signal.signal(signal.SIGINT, previous)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.engine = create_engine(f"sqlite:///{self.db}")

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    def logged(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def written(self) -> int:
        try:
            with self.engine.connect() as conn:
                return conn.execute(select(func.count()).select_from(EnvObs)).scalar_one()
        except Exception:
            return 0  # not migrated yet

    def stop_with(self, signum: int) -> tuple[int, float]:
        """Send `signum`; the exit code and how long the command took to exit."""
        sent = time.monotonic()
        self.proc.send_signal(signum)
        try:
            code = self.proc.wait(timeout=WAIT_S)
        except subprocess.TimeoutExpired:
            code = None
        took = time.monotonic() - sent
        assert code is not None, f"still running {WAIT_S} s after the signal:\n{self.output()}"
        return code, took

    def output(self) -> str:
        self._reader.join(timeout=5)
        return "".join(self.lines)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.engine.dispose()


def until_written(command: Command) -> None:
    """Until the command has subscribed, messages are not kept for it: resend (idempotent) until one lands."""
    publisher = Publisher()
    try:
        deadline = time.monotonic() + WAIT_S
        while command.written() == 0 and time.monotonic() < deadline and command.proc.poll() is None:
            publisher.send("cityops/environment/cmd-net", [env_record(3)])
            time.sleep(0.2)
    finally:
        publisher.close()
    assert command.written() == 1, command.output()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def logged(text: str):
    def reach(command: Command) -> None:
        wait_until(lambda: command.proc.poll() is not None or command.logged(text), f"{text!r} in the log")

    return reach


# Moments of the command's life to signal it at, each reached by waiting for what shows it.
MOMENTS = {
    "at start": lambda _command: None,
    "while migrating": logged("bringing the database up to date"),
    "while connecting to a broker that is down": logged("unreachable"),
    "once connected": logged("MQTT connected"),
    "right after a write": until_written,
}


@pytest.mark.mqtt
@pytest.mark.process
@pytest.mark.parametrize(("moment", "signum", "sigint_ignored", "as_function"), [
    *[(moment, signal.SIGINT, False, False) for moment in MOMENTS],
    ("while migrating", signal.SIGTERM, False, False), ("right after a write", signal.SIGTERM, False, False),
    ("once connected", signal.SIGINT, True, False), ("right after a write", signal.SIGINT, True, False),
    ("right after a write", signal.SIGINT, True, True),
])
def test_command_stops_promptly_on_a_signal(broker, tmp_path, client_id, moment, signum, sigint_ignored,
                                             as_function):
    url = f"mqtt://{HOST}:{free_port()}" if "broker that is down" in moment else URL
    command = Command(tmp_path, client_id, url, sigint_ignored, as_function)
    try:
        MOMENTS[moment](command)
        assert command.proc.poll() is None, command.output()
        code, took = command.stop_with(signum)
    finally:
        command.close()
    output = command.output()
    assert took < STOP_S, f"{took:.1f} s to stop {moment}:\n{output}"
    # At start the signal may come before the command can take it: Python's own handling ends the process then.
    assert code == 0 or moment == "at start", output
    if moment == "right after a write":
        assert "MQTT connected" in output and "stopping" in output


# The stop arrives inside code run by exec() (dataclasses and SQLAlchemy build functions that way while the
# migration imports them), then is caught: the exit code must still be 0.
STOP_INSIDE_EXEC = """
import os, signal, sys
from data.wiring.commands.mqtt import StopRequested, _on_stop_signals, _raise_stop
_on_stop_signals({handler})
try:
    exec("os.kill(os.getpid(), signal.SIGTERM)\\nwhile True: pass")
except {caught}:
    pass
raise SystemExit(0)
"""


@pytest.mark.process
@pytest.mark.parametrize(("handler", "caught", "code"), [
    ("_raise_stop", "StopRequested", 0),
    # What the command did before: CPython then exits killed by SIGINT although the interrupt was caught.
    ("signal.default_int_handler", "KeyboardInterrupt", -signal.SIGINT),
])
def test_a_stop_caught_inside_exec_run_code_exits_cleanly(tmp_path, handler, caught, code):
    # Run as a module, as `python -m data.wiring.cli mqtt` is.
    (tmp_path / "stop_inside_exec.py").write_text(STOP_INSIDE_EXEC.format(handler=handler, caught=caught))
    done = subprocess.run([sys.executable, "-m", "stop_inside_exec"], cwd=tmp_path, timeout=60, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == code, done.stderr
