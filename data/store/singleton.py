"""Cross-process locks so background jobs run once, not once per web worker.

PostgreSQL deployments use a session advisory lock; SQLite (one host) uses an flock'd file.
"""

from __future__ import annotations

import fcntl
import zlib
from pathlib import Path

from sqlalchemy import Engine, text


class ProcessLock:
    def __init__(self, name: str, engine: Engine, data_dir: Path):
        self.name = name
        self.engine = engine
        self.data_dir = data_dir
        self._handle = None

    def acquire(self, blocking: bool = False) -> bool:
        if self._handle is not None:
            return True
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect()
            fn = "pg_advisory_lock" if blocking else "pg_try_advisory_lock"
            got = conn.execute(text(f"SELECT {fn}(:key)"), {"key": self._key()}).scalar()
            got = True if blocking else bool(got)
            if not got:
                conn.close()
                return False
            self._handle = conn
            return True
        self.data_dir.mkdir(parents=True, exist_ok=True)
        handle = open(self.data_dir / f"{self.name}.lock", "w")  # noqa: SIM115 - held open while locked
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._handle = handle
        return True

    def _key(self) -> int:
        return zlib.crc32(f"cityops:{self.name}".encode())

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        if hasattr(handle, "execute"):
            handle.rollback()
            # The connection goes back to the pool with its session alive: unlock explicitly, or the session
            # keeps the lock and the next process (a CLI after the server's migration) waits forever.
            handle.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key()})
            handle.close()
        else:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    def __enter__(self) -> ProcessLock:
        self.acquire(blocking=True)
        return self

    def __exit__(self, *_exc) -> None:
        self.release()
