"""The admin page's feed-health and dead-letter panels read what the write path and MQTT recorded."""

from __future__ import annotations

from conftest import installed

from callbacks.admin import show_feeds
from data.ingest.dead_letters import DeadLetters


def test_admin_sees_feed_health_and_dead_letters(db_services, pack):
    segment = pack.roads["code"].iloc[0]
    db_services.write_path.write("traffic", [{"segment": segment, "ts": "2026-11-20T02:00:00Z", "speed_kmh": 30},
                                             {"segment": "NO-SUCH", "ts": "2026-11-20T02:00:00Z", "speed_kmh": 3}],
                                 feed="token/cảm-biến", expected_every_s=60)
    DeadLetters(db_services.engines.main).add("mqtt", "sensor-7", b"{not json", "payload: not JSON")
    with installed(db_services):
        feeds, letters = show_feeds(0, None, "vi")
    feed = next(row for row in feeds if row["feed"] == "token/cảm-biến")
    assert (feed["every"], feed["received"], feed["rejected"], feed["state"]) == ("60 s", 1, 1, "✓ Tốt")  # valid records received, and rejects
    assert letters == [{"time": letters[0]["time"], "channel": "mqtt", "source": "sensor-7",
                        "reason": "payload: not JSON", "payload": "{not json"}]
