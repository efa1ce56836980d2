"""`cityops report`: write the daily situation report of a local day as PDF and XLSX.

    cityops report                                  # yesterday, into <data dir>/reports/
    cityops report --day 2026-11-30 --out DIR [--lang en]

The report itself is built by `reports/` (beside api/ in the import order), reached here by name.
"""

from __future__ import annotations

import argparse
import importlib
import time
from datetime import date
from pathlib import Path

from data.wiring.setup import command_services


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cityops report", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--day", "--date", dest="day", type=date.fromisoformat, default=None,
                        help="the local day (YYYY-MM-DD); default: yesterday")
    parser.add_argument("--out", type=Path, default=None, help="the folder to write into (default: the data dir's reports/)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    args = parser.parse_args(argv)
    services = command_services()
    day = args.day or services.kpi.yesterday()
    if day > services.kpi.today():
        parser.error(f"--day {day}: that day has not begun")
    folder = args.out or importlib.import_module("reports.files").report_dir(services.settings.data_dir)
    started = time.perf_counter()
    paths = importlib.import_module("reports.daily").write(services, day, folder, args.lang)
    for path in paths.values():
        print(path)
    print(f"report of {day} written in {time.perf_counter() - started:.1f} s")
    return 0
