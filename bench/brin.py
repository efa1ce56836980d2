"""BRIN or B-tree for the raw readings' time index on PostgreSQL: the same rows (segment readings arriving in time
order, as the write path stores them) with each index alone, measured in the same run.

Prints each index's size, the time to append a batch of readings, and the p50 of the questions that read by time
alone (an hour and a day of every segment: what the rollups and the wall's recent windows read), with ratios.

    .venv/bin/python bench/brin.py [--days 30] [--segments 262] [--repeat 7] [--pg postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

QUESTIONS = {
    "an hour, every segment": "SELECT segment_code, avg(speed_kmh) FROM probe_obs WHERE ts >= :t0 "
                              "AND ts < :t0 + interval '1 hour' GROUP BY segment_code",
    "a day, by hour": "SELECT date_trunc('hour', ts), avg(speed_kmh) FROM probe_obs WHERE ts >= :t0 "
                      "AND ts < :t0 + interval '1 day' GROUP BY 1",
}
INDEXES = {"B-tree": "CREATE INDEX probe_ts ON probe_obs (ts)",
           "BRIN": "CREATE INDEX probe_ts ON probe_obs USING brin (ts) WITH (pages_per_range = 32)"}


def timed(conn, sql: str, **params) -> float:
    start = time.perf_counter()
    result = conn.execute(text(sql), params)
    if result.returns_rows:
        result.fetchall()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--segments", type=int, default=262)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    schema = f"brin_{uuid.uuid4().hex[:8]}"
    engine = create_engine(args.pg, connect_args={"options": f"-csearch_path={schema}"})
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE probe_obs (segment_code text, ts timestamptz, speed_kmh real, "
                              "PRIMARY KEY (segment_code, ts))"))
            # Readings every 5 minutes of every segment, in time order (the order the feeds deliver them).
            conn.execute(text(
                "INSERT INTO probe_obs SELECT 'SEG-' || s, t, 20 + random() * 40 FROM generate_series("
                "now() - make_interval(days => :days), now() - interval '1 hour', interval '5 minutes') AS t, "
                "generate_series(1, :segments) AS s ORDER BY t"), {"days": args.days, "segments": args.segments})
            rows = conn.execute(text("SELECT count(*) FROM probe_obs")).scalar()
            conn.execute(text("ANALYZE probe_obs"))
            first = conn.execute(text("SELECT min(ts) FROM probe_obs")).scalar()
        # The questions start on days spread over the range (a cold spot each time, not the same cached one).
        starts = [first + timedelta(days=(i + 1) * args.days / (args.repeat + 2)) for i in range(args.repeat)]
        print(f"{rows:,} readings ({args.segments} segments × {args.days} days every 5 min), PostgreSQL")
        results = {}
        for name, ddl in INDEXES.items():
            with engine.begin() as conn:
                conn.execute(text("DROP INDEX IF EXISTS probe_ts"))
                conn.execute(text(ddl))
                conn.execute(text("ANALYZE probe_obs"))
                size = conn.execute(text("SELECT pg_relation_size('probe_ts')")).scalar()
            answers = {}
            with engine.connect() as conn:
                conn.execute(text("SET enable_seqscan = off"))  # the index's own answer, not a full scan's
                for question, sql in QUESTIONS.items():
                    answers[question] = statistics.median(timed(conn, sql, t0=t0) for t0 in starts)
            with engine.begin() as conn:  # appending the next hour of readings
                append = timed(conn, "INSERT INTO probe_obs SELECT 'SEG-' || s, t, 30 FROM generate_series("
                                     "now() - interval '55 minutes', now(), interval '5 minutes') AS t, "
                                     "generate_series(1, :segments) AS s", segments=args.segments)
                conn.execute(text("DELETE FROM probe_obs WHERE ts > now() - interval '56 minutes'"))
            results[name] = {"size": size, "append": append, **answers}
        base, brin = results["B-tree"], results["BRIN"]
        print(f"{'':28}{'B-tree':>12}{'BRIN':>12}{'BRIN / B-tree':>16}")
        print(f"{'index size':28}{base['size'] / 1e6:>10.2f}MB{brin['size'] / 1e6:>10.3f}MB"
              f"{brin['size'] / base['size']:>16.4f}")
        for key in ("append", *QUESTIONS):
            label = "append an hour of readings" if key == "append" else key
            print(f"{label + ' (ms)':28}{base[key]:>12.1f}{brin[key]:>12.1f}{brin[key] / base[key]:>16.2f}")
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


if __name__ == "__main__":
    main()
