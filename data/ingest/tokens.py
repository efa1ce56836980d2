"""Feed bearer tokens: issued once (only a SHA-256 is stored), optionally limited to one domain, revocable.

    cityops tokens issue NAME [--domain environment] [--every 300]
    cityops tokens list
    cityops tokens revoke NAME
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, select, update

from data.domains import domain_names
from data.rules.refusals import Refusal
from data.rules.secrets import token_hash
from data.store.db import utcnow
from data.store.frames import read_frame
from data.store.models_feeds import FeedToken

PREFIX = "cof_"
MAX_NAME = 64




@dataclass(frozen=True)
class Feed:
    """An authenticated feed: its name (the feed-health key), its domain limit and its expected cadence."""

    name: str
    domain: str | None
    expected_every_s: int | None

    def allows(self, domain: str) -> bool:
        return self.domain is None or self.domain == domain


class TokenError(Refusal):
    """A feed token the store will not issue (unknown domain, bad or taken name)."""


class TokenStore:
    """Frame from `list()`: name, domain, expected_every_s, created_at, revoked_at (never the token)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def issue(self, name: str, domain: str | None = None, expected_every_s: int | None = None) -> str:
        """A new token for `name`; the clear text is returned once and never stored."""
        if domain is not None and domain not in domain_names():
            raise TokenError("token_domain", f"domain must be one of {', '.join(domain_names())}", domain=domain)
        if not name or len(name) > MAX_NAME:
            raise TokenError("token_name_length", f"name must be 1..{MAX_NAME} characters", most=MAX_NAME)
        token = PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            if conn.execute(select(FeedToken.name).where(FeedToken.name == name)).first():
                raise TokenError("token_exists", f"a token named {name!r} exists; revoke it or choose another name",
                                 name=name)
            conn.execute(FeedToken.__table__.insert().values(
                name=name, token_hash=token_hash(token), domain=domain, expected_every_s=expected_every_s,
                created_at=utcnow(), revoked_at=None))
        return token

    def verify(self, token: str | None) -> Feed | None:
        """The feed of a valid, unrevoked token, else None."""
        if not token or len(token) > 200:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(FeedToken.name, FeedToken.domain, FeedToken.expected_every_s)
                               .where(FeedToken.token_hash == token_hash(token), FeedToken.revoked_at.is_(None))
                               ).first()
        return Feed(*row) if row else None

    def revoke(self, name: str, at: datetime | None = None) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(update(FeedToken).where(FeedToken.name == name, FeedToken.revoked_at.is_(None))
                                .values(revoked_at=at or utcnow()))
        return done.rowcount > 0

    def list(self) -> pd.DataFrame:
        stmt = select(FeedToken.name, FeedToken.domain, FeedToken.expected_every_s, FeedToken.created_at,
                      FeedToken.revoked_at).order_by(FeedToken.name)
        return read_frame(self.engine, stmt, utc_columns=("created_at", "revoked_at"))
