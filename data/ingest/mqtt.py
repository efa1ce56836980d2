"""MQTT subscriber: records on `cityops/{domain}/{source}` (QoS 1) written through the shared write path.

Each message is a JSON object or array of records of its topic's domain (the REST ingest shapes, DESIGN §7),
written as feed `mqtt/{source}`. A message that cannot be taken (bad JSON, unknown domain, records the write
path rejects) lands in the dead letters with the reason.

Delivery is at least once: the session is persistent (a stable client id, clean_session off), so messages
published while the subscriber was away arrive when it reconnects, and a message is acknowledged only after
it was written or dead-lettered. A redelivered message is harmless, as every write is idempotent. Connection
losses are retried with exponential backoff (1 s doubling to 60 s).

Across a broker restart this holds only if the broker keeps the session (its subscription, and the messages in
flight or queued for it): Mosquitto does with `persistence true`, saving it on a clean stop (SIGTERM) and every
`autosave_interval` (a crash loses what arrived since the last save), and queues at most `max_queued_messages`
per offline session. Messages that were in flight come again, marked DUP, and are written as duplicates. A
reconnect that finds the session gone (a broker without persistence) is logged as a warning: what was published
for the subscriber until it subscribed again is lost, which no subscriber can recover.

    cityops mqtt [--url mqtt://host:1883] [--client-id cityops-ingest]   # runs until Ctrl-C or SIGTERM
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from data.domains import domain_names
from data.ingest.dead_letters import DeadLetters

log = logging.getLogger("cityops.mqtt")

ROOT = "cityops"
QOS = 1
DEFAULT_CLIENT_ID = "cityops-ingest"
CHANNEL = "mqtt"
STOP_TIMEOUT_S = 3.0  # how long stop() waits for the network thread (a write in progress, a connect attempt)
_SOURCE = re.compile(r"^[\w.\-]{1,56}$")  # the feed name "mqtt/<source>" fits feed_health's 64 characters


@dataclass(frozen=True)
class BrokerUrl:
    host: str
    port: int
    tls: bool
    username: str | None
    password: str | None
    client_id: str

    @classmethod
    def parse(cls, url: str) -> BrokerUrl:
        """`mqtt://[user:pass@]host[:port][?client_id=...]` (mqtts:// for TLS)."""
        parts = urlsplit(url)
        if parts.scheme not in ("mqtt", "mqtts", "tcp", "ssl") or not parts.hostname:
            raise ValueError(f"not an MQTT URL: {url!r} (expected mqtt://host:1883)")
        tls = parts.scheme in ("mqtts", "ssl")
        client_id = parse_qs(parts.query).get("client_id", [DEFAULT_CLIENT_ID])[0]
        return cls(parts.hostname, parts.port or (8883 if tls else 1883), tls,
                   unquote(parts.username) if parts.username else None,
                   unquote(parts.password) if parts.password else None, client_id)


@dataclass(frozen=True)
class Outcome:
    """What became of one message: records accepted/duplicates, and the dead-letter reason if any."""

    accepted: int = 0
    duplicates: int = 0
    dead_letter: str | None = None


class MessageHandler:
    """Turns one MQTT message into a write (and a dead letter for whatever could not be taken)."""

    def __init__(self, write_path, dead_letters: DeadLetters):
        self.write_path = write_path
        self.dead_letters = dead_letters

    def handle(self, topic: str, payload: bytes) -> Outcome:
        parts = topic.split("/")
        if len(parts) != 3 or parts[0] != ROOT:
            return self._reject(topic, payload, f"topic: expected {ROOT}/{{domain}}/{{source}}")
        _, domain, source = parts
        if domain not in domain_names():
            return self._reject(topic, payload, f"topic: unknown domain {domain[:40]!r} "
                                                f"(one of {', '.join(domain_names())})")
        if not _SOURCE.match(source):
            return self._reject(topic, payload, "topic: the source must be 1..56 letters, digits, '.', '_' or '-'")
        try:
            data = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            return self._reject(topic, payload, f"payload: malformed JSON ({str(exc)[:160]})")
        records = [data] if isinstance(data, Mapping) else data
        if not isinstance(records, list) or not records:
            return self._reject(topic, payload, "payload: must be a JSON object or a non-empty array of records")
        result = self.write_path.write(domain, records, feed=f"mqtt/{source}")
        if not result.rejected:
            return Outcome(result.accepted, result.duplicates)
        reasons = "; ".join(f"record {r.index}: {r.error}" for r in result.rejected[:20])
        if len(result.rejected) > 20:
            reasons += f"; … {len(result.rejected) - 20} more"
        kept = payload if len(result.rejected) == len(records) else json.dumps(
            [records[r.index] for r in result.rejected], ensure_ascii=False, default=str)
        return self._reject(topic, kept, f"{len(result.rejected)} of {len(records)} records rejected: {reasons}",
                            Outcome(result.accepted, result.duplicates))

    def _reject(self, topic: str, payload: bytes | str, reason: str, outcome: Outcome = Outcome()) -> Outcome:
        self.dead_letters.add(CHANNEL, topic, payload, reason)
        log.warning("MQTT message on %s dead-lettered: %s", topic, reason[:200])
        return Outcome(outcome.accepted, outcome.duplicates, reason)


class MqttSubscriber:
    """The background job: `start()` connects (and keeps reconnecting), `stop()` disconnects.

    `on_outcome(topic, outcome)` is called on the client's network thread after each message, once it is written
    (or dead-lettered) and acknowledged.
    """

    def __init__(self, write_path, dead_letters: DeadLetters, url: str, client_id: str | None = None,
                 on_outcome=None):
        self.broker = BrokerUrl.parse(url)
        self.handler = MessageHandler(write_path, dead_letters)
        self.on_outcome = on_outcome
        self.subscribed = threading.Event()  # set once the broker confirmed the subscription
        self._connected_before = False  # from the second connection on, the broker should still hold the session
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id or self.broker.client_id,
                                  clean_session=False, protocol=mqtt.MQTTv311, manual_ack=True)
        self.client.reconnect_delay_set(min_delay=1, max_delay=60)
        if self.broker.username:
            self.client.username_pw_set(self.broker.username, self.broker.password)
        if self.broker.tls:
            self.client.tls_set()
        self.client.on_connect = self._on_connect
        self.client.on_connect_fail = self._on_connect_fail
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda *_: self.subscribed.set()

    def start(self) -> None:
        self.client.connect_async(self.broker.host, self.broker.port, keepalive=30)
        self.client.loop_start()
        log.info("MQTT subscriber for %s/+/+ on %s:%s", ROOT, self.broker.host, self.broker.port)

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """Disconnect and end the network thread, waiting for it at most `timeout` s: a message still being
        written then stays unacknowledged, and the broker delivers it again."""
        self.client.disconnect()
        # paho's loop_stop() joins the thread without a timeout; it runs in a thread of its own to be waited on.
        ending = threading.Thread(target=self.client.loop_stop, name="cityops-mqtt-stop", daemon=True)
        ending.start()
        ending.join(timeout)
        if ending.is_alive():
            log.warning("MQTT network thread still busy after %.0f s; leaving it", timeout)
        self.subscribed.clear()

    def _on_connect(self, client, _userdata, flags, reason_code, _properties) -> None:
        if reason_code.is_failure:
            log.warning("MQTT broker refused the connection: %s", reason_code)
            return
        if self._connected_before and not flags.session_present:
            log.warning("MQTT broker lost the persistent session: messages published while disconnected may be "
                        "lost (is the broker's persistence on?)")
        self._connected_before = True
        # Subscribing again is harmless when the broker kept the session, and needed when it did not.
        client.subscribe(f"{ROOT}/+/+", qos=QOS)
        log.info("MQTT connected (session present: %s)", flags.session_present)

    def _on_connect_fail(self, _client, _userdata) -> None:
        log.warning("MQTT broker %s:%s unreachable; retrying with backoff", self.broker.host, self.broker.port)

    def _on_disconnect(self, _client, _userdata, _flags, reason_code, _properties) -> None:
        self.subscribed.clear()
        if reason_code != 0:
            log.warning("MQTT connection lost (%s); reconnecting with backoff", reason_code)

    def _on_message(self, client, _userdata, message) -> None:
        try:
            outcome = self.handler.handle(message.topic, message.payload)
        except Exception:
            # Not acknowledged: the broker delivers it again after the next reconnect (e.g. a database outage).
            log.exception("MQTT message on %s could not be written; left unacknowledged", message.topic)
            return
        client.ack(message.mid, message.qos)
        if self.on_outcome is not None:
            self.on_outcome(message.topic, outcome)
