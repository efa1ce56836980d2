"""`cityops tokens`: issue, list and revoke the feed tokens of the ingest API."""

from __future__ import annotations

import argparse

from data.domains import domain_names
from data.ingest.tokens import TokenError, TokenStore
from data.wiring.setup import command_services


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cityops tokens", description="Issue, list and revoke feed tokens")
    sub = parser.add_subparsers(dest="command", required=True)
    issue = sub.add_parser("issue", help="issue a token (printed once)")
    issue.add_argument("name")
    issue.add_argument("--domain", choices=domain_names(), help="limit the token to one domain")
    issue.add_argument("--every", type=int, help="expected seconds between deliveries (feed health)")
    sub.add_parser("list", help="list tokens (never their values)")
    revoke = sub.add_parser("revoke", help="revoke a token")
    revoke.add_argument("name")
    args = parser.parse_args(argv)

    services = command_services()
    store = TokenStore(services.engines.main)
    if args.command == "issue":
        try:
            print(store.issue(args.name, args.domain, args.every))
        except TokenError as exc:
            parser.exit(2, f"error: {exc}\n")
    elif args.command == "list":
        frame = store.list()
        print("(no tokens)" if frame.empty else frame.to_string(index=False))
    else:
        if not store.revoke(args.name):
            parser.exit(1, f"error: no active token named {args.name!r}\n")
        print(f"revoked {args.name}")
    return 0

