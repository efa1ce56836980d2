"""CSV backfill through the shared write path, with a progress bar.

    cityops csv-import environment readings.csv [--feed csv/aq-archive] [--chunk 20000]

Columns are the record fields of the domain (DESIGN §7), e.g. station,ts,parameter,value,unit; a camera event
is given as event_kind, event_value, event_confidence. Empty cells are missing values. Prints
accepted/duplicates/rejected and the first rejections (line numbers count the header as line 1).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm

from data.domains import domain_names
from data.ingest.write_path import WritePath, WriteResult

NUMBERS = {"speed_kmh", "occupancy", "value", "lat", "lon", "event_value", "event_confidence"}
INTEGERS = {"volume_vph", "severity"}


def _cell(name: str, text: str):
    """A CSV cell as a typed value; text that is not a number stays text so the record model rejects it."""
    if name in NUMBERS | INTEGERS:
        try:
            return int(text) if name in INTEGERS and text.lstrip("-").isdigit() else float(text)
        except ValueError:
            return text
    if name == "online":
        return {"true": True, "1": True, "false": False, "0": False}.get(text.lower(), text)
    return text


def to_record(row: dict) -> dict:
    record = {k: _cell(k, v.strip()) for k, v in row.items() if k and v is not None and v.strip() != ""}
    event = {key[6:]: record.pop(key) for key in [k for k in record if k.startswith("event_")]}
    if event:
        record["event"] = event
    return record


def chunks(path: Path, size: int) -> Iterator[list[dict]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        batch = []
        for row in csv.DictReader(handle):
            batch.append(to_record(row))
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch


def import_csv(write_path: WritePath, domain: str, path: Path, feed: str | None = None, chunk: int = 20_000,
               progress: bool = True) -> WriteResult:
    """Import one file; rejections carry the CSV line number (header = line 1)."""
    if domain not in domain_names():
        raise ValueError(f"domain must be one of {', '.join(domain_names())}")
    total = WriteResult()
    feed = feed or f"csv/{path.stem}"[:64]
    with path.open("rb") as handle:
        rows = max(0, sum(1 for _ in handle) - 1)  # a quick pass for the bar's total (rows, not records)
    line = 2
    with tqdm(total=rows, unit="rows", desc=f"{domain} ← {path.name}", disable=not progress) as bar:
        for batch in chunks(path, chunk):
            # expected_every_s=0 marks a one-off import in feed health (no cadence).
            result = write_path.write(domain, batch, feed, expected_every_s=0)
            total.accepted += result.accepted
            total.duplicates += result.duplicates
            total.rejected += [r.at(line + r.index) for r in result.rejected]
            line += len(batch)
            bar.update(len(batch))
    return total
