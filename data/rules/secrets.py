"""Secrets kept as hashes: feed tokens and display tokens are long random strings, so a SHA-256 is enough (and
lets a lookup by hash work); passwords use Argon2id instead (data/commands/users.py)."""

from __future__ import annotations

import hashlib


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
