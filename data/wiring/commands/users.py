"""`cityops users`: create, reset the password of, list and disable users; create and revoke display tokens."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime

import pandas as pd

from data.commands.users import USER_ROLES, UserError, UserStore
from data.wiring.setup import command_services


def _fmt(ts: datetime | None) -> str:
    return "" if ts is None or pd.isna(ts) else ts.strftime("%Y-%m-%d %H:%M UTC")


def _password(given: str | None) -> str:
    if given:
        return given
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat: ") != first:
        raise UserError("passwords_differ", "the passwords differ")
    return first



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cityops users", description="Manage CityOps users and display tokens")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create", help="create a user")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=USER_ROLES)
    create.add_argument("--password", help="asked for when omitted")
    reset = sub.add_parser("reset-password", help="set a new password")
    reset.add_argument("username")
    reset.add_argument("--password", help="asked for when omitted")
    sub.add_parser("list", help="list users and display tokens")
    disable = sub.add_parser("disable", help="disable a user (their sessions stop working)")
    disable.add_argument("username")
    tokens = sub.add_parser("display-token", help="read-only tokens for wall screens")
    tokens.add_argument("action", choices=("create", "revoke"))
    tokens.add_argument("name")
    args = parser.parse_args(argv)

    services = command_services()
    store = UserStore(services.engines.main)
    try:
        if args.command == "create":
            store.create(args.username, args.role, _password(args.password))
            print(f"created {args.username} ({args.role})")
        elif args.command == "reset-password":
            store.reset_password(args.username, _password(args.password))
            print(f"password of {args.username} changed")
        elif args.command == "disable":
            store.set_disabled(args.username, True)
            print(f"{args.username} disabled")
        elif args.command == "list":
            for row in store.users().itertuples():
                state = "disabled" if row.disabled else "active"
                print(f"{row.username:<24} {row.role:<9} {state:<9} created {_fmt(row.created_at)}")
            for row in store.display_tokens().itertuples():
                state = f"revoked {_fmt(row.revoked_at)}" if row.revoked_at is not None and not pd.isna(row.revoked_at) else "active"
                print(f"{row.name:<24} display   {state}")
        elif args.action == "create":
            token = store.create_display_token(args.name)
            print(f"display token for {args.name} (shown once; open any display page with ?token=...):\n{token}")
        else:
            store.revoke_display_token(args.name)
            print(f"display token {args.name} revoked")
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0

