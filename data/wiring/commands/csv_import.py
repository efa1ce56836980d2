"""`cityops csv-import DOMAIN FILE.csv`: backfill a domain from a CSV file through the write path."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data.domains import domain_names
from data.ingest.csv_import import import_csv
from data.wiring.setup import command_services


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cityops csv-import", description="Backfill a domain from CSV")
    parser.add_argument("domain", choices=domain_names())
    parser.add_argument("path", type=Path)
    parser.add_argument("--feed", help="feed name in feed health (default csv/<file name>)")
    parser.add_argument("--chunk", type=int, default=20_000)
    parser.add_argument("--show", type=int, default=20, help="rejections to print")
    args = parser.parse_args(argv)

    services = command_services()
    result = import_csv(services.write_path, args.domain, args.path, args.feed, args.chunk,
                        progress=sys.stderr.isatty())
    print(f"accepted {result.accepted}, duplicates {result.duplicates}, rejected {len(result.rejected)}")
    for rejection in result.rejected[:args.show]:
        print(f"  line {rejection.index}: {rejection.error}")
    return 0

