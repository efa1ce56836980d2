"""Where the schedule writes the daily reports (`<data dir>/reports/`) and what is there."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

NAME = re.compile(r"^bao-cao-ngay-(\d{4}-\d{2}-\d{2})\.(pdf|xlsx)$")


def report_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "reports"


def report_paths(folder: Path, day: date) -> dict[str, Path]:
    return {kind: Path(folder) / f"bao-cao-ngay-{day.isoformat()}.{kind}" for kind in ("pdf", "xlsx")}


def saved_days(data_dir: Path) -> dict[date, dict[str, Path]]:
    found: dict[date, dict[str, Path]] = {}
    folder = report_dir(data_dir)
    if folder.is_dir():
        for path in folder.iterdir():
            match = NAME.match(path.name)
            if match:
                found.setdefault(date.fromisoformat(match.group(1)), {})[match.group(2)] = path
    return found


def saved_reports(data_dir: Path, lang: str, limit: int = 10) -> list[dict]:
    """The newest saved days with links to their files (the download route serves a saved file as it is)."""
    days = sorted(saved_days(data_dir).items(), reverse=True)[:limit]
    return [{"day": day, "links": {kind: f"/api/v1/reports/daily.{kind}?day={day.isoformat()}&lang={lang}"
                                   for kind in sorted(paths)}} for day, paths in days]
