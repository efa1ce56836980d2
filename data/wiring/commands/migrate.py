"""`cityops migrate`: create or upgrade every database and load the city pack's registries."""

from __future__ import annotations

import argparse

from data.wiring.setup import command_services


def main(argv: list[str] | None = None) -> int:
    """`cityops migrate`: create or upgrade every database and load the city pack."""
    argparse.ArgumentParser(prog="cityops migrate", description=main.__doc__).parse_args(argv)
    services = command_services(create=True)
    print("databases:", ", ".join(sorted({e.url.render_as_string(hide_password=True) for e in services.engines.distinct()})))
    return 0
