"""The `cityops` command: one entry point for every command of the project, with one start-up.

    cityops users create NAME --role operator     cityops tokens issue NAME [--domain environment]
    cityops seed --days 30                        cityops migrate
    cityops mqtt                                  cityops csv-import environment FILE.csv
    cityops report --day 2026-11-30 --out DIR     cityops import-geo wards.gpkg --level ward ...

Every command uses the same database as the server (the settings anchor the data directory to the project,
not to the working directory); `python -m data.wiring.cli COMMAND` is the same without the installed script.
"""

from __future__ import annotations

import importlib
import logging
import signal
import sys

# subcommand: (module of data/wiring/commands whose main(argv) runs it, what it does)
COMMANDS = {
    "users": ("users", "users and display tokens (create, reset-password, list, disable, display-token)"),
    "tokens": ("tokens", "feed tokens for the ingest API (issue, list, revoke)"),
    "seed": ("seed", "write simulated history through the write path"),
    "migrate": ("migrate", "create or upgrade the databases and load the city pack's registries"),
    "mqtt": ("mqtt", "run the MQTT subscriber in the foreground"),
    "csv-import": ("csv_import", "backfill a domain from a CSV file"),
    "jobs": ("jobs", "run the background jobs (rules, MQTT, simulator) as a process of their own"),
    "bench": ("bench", "time the provider queries against naive pandas and DuckDB on the raw rows"),
    "report": ("report", "write the daily situation report (PDF and XLSX) of a day"),
    "import-geo": ("import_geo", "import real administrative boundaries into the city pack and the databases"),
}
# Commands that stop on SIGINT or SIGTERM from their first moment, before the imports (which take most of a second)
# and even when started with SIGINT ignored, as a script's background job is.
STOP_ON_SIGNAL_AT_ONCE = ("mqtt",)


def usage() -> str:
    width = max(map(len, COMMANDS))
    rows = "\n".join(f"  {name:<{width}}  {what}" for name, (_, what) in COMMANDS.items())
    return f"usage: cityops COMMAND [ARGS...]\n\ncommands:\n{rows}\n\n'cityops COMMAND --help' for a command's options."


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(usage())
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"cityops: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    if name in STOP_ON_SIGNAL_AT_ONCE:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.default_int_handler)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from data.wiring.setup import MissingDatabase

    command = importlib.import_module(f"data.wiring.commands.{COMMANDS[name][0]}").main
    try:
        return command(rest) or 0
    except MissingDatabase as exc:
        print(f"cityops {name}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # python -m data.wiring.cli COMMAND ARGS: the same as `cityops COMMAND ARGS`
    raise SystemExit(main())
