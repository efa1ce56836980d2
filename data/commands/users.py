"""Users and display tokens: the store the login and the admin page use, and the command that manages them.

    cityops users create USERNAME --role operator [--password ...]
    cityops users reset-password USERNAME [--password ...]
    cityops users list
    cityops users disable USERNAME
    cityops users display-token create NAME
    cityops users display-token revoke NAME

Passwords are hashed with Argon2id; display tokens are long random strings of which only a SHA-256 is kept
(a token is itself a high-entropy secret, so a fast hash is enough and lets a lookup by hash work).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select

from data.ingest import audit
from data.rules.refusals import Refusal
from data.rules.secrets import token_hash
from data.store.db import utcnow
from data.store.frames import read_frame
from data.store.models_access import ROLES, DisplayToken, User

MIN_PASSWORD = 10
MAX_NAME = 64  # user names and display token names
USER_ROLES = tuple(r for r in ROLES if r != "display")  # display logins are tokens, not passwords
_hasher = PasswordHasher()
# Verifying against this keeps the time of a login for an unknown user the same as for a known one.
_DUMMY_HASH = _hasher.hash("cityops-dummy-password")


class UserError(Refusal):
    """A request the store refuses (unknown user, weak password, unknown role, ...)."""


@dataclass(frozen=True)
class Principal:
    """Who is making a request: a user or a display screen."""

    name: str
    role: str
    display: bool = False


@dataclass(frozen=True)
class FirstAdmin:
    """The administrator a demo creates on its first start, with the password and a wall token shown once."""

    username: str
    password: str
    display_token: str


FIRST_ADMIN = "admin"
FIRST_DISPLAY = "Màn hình trình diễn"




class UserStore:
    """Frame from `users()`: username, role, disabled, created_at, password_changed_at (never hashes).
    Frame from `display_tokens()`: name, created_at, revoked_at."""

    def __init__(self, engine: Engine, clock=utcnow):
        self.engine = engine
        self.clock = clock

    # --- users ------------------------------------------------------------------------------------

    def create(self, username: str, role: str, password: str, actor: str = "cli") -> None:
        username = username.strip()
        if not username or len(username) > MAX_NAME:
            raise UserError("username_length", f"username: 1 to {MAX_NAME} characters", most=MAX_NAME)
        _check_role(role)
        _check_password(password)
        now = self.clock()
        with self.engine.begin() as conn:
            if conn.execute(select(User.username).where(User.username == username)).first():
                raise UserError("user_exists", f"user {username!r} already exists", username=username)
            conn.execute(User.__table__.insert(), {
                "username": username, "role": role, "password_hash": _hasher.hash(password), "disabled": False,
                "created_at": now, "password_changed_at": now})
            audit.record(conn, actor, "user.create", f"user:{username}", None, {"role": role}, now)

    def create_first_admin(self) -> FirstAdmin | None:
        """On a database without users: an administrator with a random password and a display token for a
        wall (None when there are users already)."""
        with self.engine.connect() as conn:
            if conn.execute(select(User.username).limit(1)).first() is not None:
                return None
        password = secrets.token_urlsafe(12)
        self.create(FIRST_ADMIN, "admin", password, actor="first-start")
        return FirstAdmin(FIRST_ADMIN, password, self.create_display_token(FIRST_DISPLAY, actor="first-start"))

    def reset_password(self, username: str, password: str, actor: str = "cli") -> None:
        _check_password(password)
        self._update(username, actor, "user.reset_password",
                     {"password_hash": _hasher.hash(password), "password_changed_at": self.clock()})

    def set_role(self, username: str, role: str, actor: str) -> None:
        _check_role(role)
        self._update(username, actor, "user.role", {"role": role})

    def set_disabled(self, username: str, disabled: bool, actor: str = "cli") -> None:
        self._update(username, actor, "user.disable" if disabled else "user.enable", {"disabled": disabled})

    def _update(self, username: str, actor: str, action: str, values: dict) -> None:
        with self.engine.begin() as conn:
            row = conn.execute(select(User.role, User.disabled).where(User.username == username)).first()
            if row is None:
                raise UserError("unknown_user", f"unknown user {username!r}", username=username)
            conn.execute(User.__table__.update().where(User.username == username).values(**values))
            shown = {k: v for k, v in values.items() if k in ("role", "disabled")}
            before = {k: getattr(row, k) for k in shown}
            audit.record(conn, actor, action, f"user:{username}", before or None, shown or {"password": "changed"},
                         self.clock())

    def users(self) -> pd.DataFrame:
        stmt = select(User.username, User.role, User.disabled, User.created_at,
                      User.password_changed_at).order_by(User.username)
        return read_frame(self.engine, stmt, utc_columns=("created_at", "password_changed_at"))

    def authenticate(self, username: str, password: str) -> Principal | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(User.role, User.password_hash, User.disabled)
                               .where(User.username == username)).first()
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or row.disabled:
            return None
        return Principal(username, row.role)

    def active(self, username: str) -> Principal | None:
        """The user as they are now (role changes and disabling take effect on the next request)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(User.role, User.disabled).where(User.username == username)).first()
        return None if row is None or row.disabled else Principal(username, row.role)

    # --- display tokens ---------------------------------------------------------------------------

    def create_display_token(self, name: str, actor: str = "cli") -> str:
        """A new token for a screen (shown once); creating it again for the same name replaces the old one."""
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise UserError("display_name_length", f"name: 1 to {MAX_NAME} characters", most=MAX_NAME)
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(DisplayToken.__table__.delete().where(DisplayToken.name == name))
            conn.execute(DisplayToken.__table__.insert(),
                         {"name": name, "token_hash": token_hash(token), "created_at": now, "revoked_at": None})
            audit.record(conn, actor, "display_token.create", f"display:{name}", None, {"active": True}, now)
        return token

    def revoke_display_token(self, name: str, actor: str = "cli") -> None:
        now = self.clock()
        with self.engine.begin() as conn:
            done = conn.execute(DisplayToken.__table__.update()
                                .where(DisplayToken.name == name, DisplayToken.revoked_at.is_(None))
                                .values(revoked_at=now)).rowcount
            if not done:
                raise UserError("no_display_token", f"no active display token named {name!r}", name=name)
            audit.record(conn, actor, "display_token.revoke", f"display:{name}", {"active": True},
                         {"active": False}, now)

    def display_by_token(self, token: str) -> Principal | None:
        if not token or len(token) > 200:
            return None
        with self.engine.connect() as conn:
            name = conn.execute(select(DisplayToken.name).where(
                DisplayToken.token_hash == token_hash(token), DisplayToken.revoked_at.is_(None))).scalar()
        return Principal(name, "display", display=True) if name else None

    def display_active(self, name: str) -> Principal | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(DisplayToken.name).where(
                DisplayToken.name == name, DisplayToken.revoked_at.is_(None))).scalar()
        return Principal(name, "display", display=True) if found else None

    def display_tokens(self) -> pd.DataFrame:
        stmt = select(DisplayToken.name, DisplayToken.created_at, DisplayToken.revoked_at).order_by(DisplayToken.name)
        return read_frame(self.engine, stmt, utc_columns=("created_at", "revoked_at"))


def _check_role(role: str) -> None:
    if role not in USER_ROLES:
        raise UserError("unknown_role", f"role: must be one of {', '.join(USER_ROLES)}", role=role)


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise UserError("password_length", f"password: at least {MIN_PASSWORD} characters", least=MIN_PASSWORD)



