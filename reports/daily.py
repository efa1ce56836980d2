"""One day's report written as PDF and XLSX, from one gathering (`reports.gathered`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reports.files import report_paths
from reports.gathered import gather
from reports.pdf import pdf_bytes
from reports.xlsx import xlsx_bytes


def write(services, day: date, folder: Path, lang: str = "vi") -> dict[str, Path]:
    """Write the day's PDF and XLSX into `folder` (created), from one gathering; returns the paths."""
    report = gather(services, day, lang)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = report_paths(folder, day)
    for kind, build in (("pdf", pdf_bytes), ("xlsx", xlsx_bytes)):
        temporary = paths[kind].with_suffix(paths[kind].suffix + ".part")
        temporary.write_bytes(build(report))
        temporary.replace(paths[kind])  # a reader never sees half a file
    return paths
