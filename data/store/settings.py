"""Configuration from `CITYOPS_*` environment variables, a `.env` file or `cityops.toml`."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from data.domains import domain_names

# The project folder: the configuration files and the default data directory are found here, whatever the
# working directory of the server or of a command (so both use the same database).
PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CITYOPS_", env_file=PROJECT_ROOT / ".env", extra="ignore", toml_file=PROJECT_ROOT / "cityops.toml"
    )

    # A relative directory is taken from the project folder.
    data_dir: Path = Path("var")
    database_url: str | None = None
    # A domain in another database: `CITYOPS_<DOMAIN>_DATABASE_URL` (e.g. CITYOPS_TRAFFIC_DATABASE_URL), or
    # `database_urls={"traffic": ...}` in code and configuration files.
    database_urls: dict[str, str] = Field(default_factory=dict)
    city: str = "thanh_hoa"
    # The folder holding the city packs (default: the project's geo/; a relative one is taken from the project
    # folder); a pack is its sub-folder named `city`.
    packs_root: Path | None = None
    lang: str = Field("vi", pattern="^(vi|en)$")
    demo: bool = True
    # Production runs the migrations by command (`cityops migrate`) and the background jobs as a process of their
    # own (`cityops jobs`); set both off for web workers then. On, a server migrates itself and one of its
    # processes (behind a lock) runs the jobs.
    migrate_on_start: bool = True
    run_jobs: bool = True
    redis_url: str | None = None
    # With Redis: the pub/sub channel of change notifications (one per deployment sharing a Redis) and how often
    # each process still reads the versions itself, in case a notification was missed.
    bus_channel: str = "cityops:data-version"
    bus_safety_poll_s: float = Field(5.0, gt=0)
    mqtt_url: str | None = None
    secret_key: str | None = None
    host: str = "127.0.0.1"
    port: int = 8050
    seed_days: float = Field(30, ge=0, le=800)
    # Raw readings older than this many days are removed by the jobs process (whole months on PostgreSQL);
    # hourly and daily rollups are kept. None keeps every raw reading.
    raw_retention_days: int | None = Field(None, ge=1)
    sim_interval_s: float = Field(5.0, gt=0)
    # Seconds without new data before the wall is told nothing changed (keeps sockets alive).
    keepalive_s: float = Field(60.0, gt=0)
    # An open page re-checks its user or display token this often, so a revoked wall stops within this time.
    access_check_s: float = Field(15.0, gt=0)
    # The browser closes an idle WebSocket after this many seconds (0 = never) and checks every ws_heartbeat_s.
    ws_inactivity_timeout_s: float = Field(0.0, ge=0)
    ws_heartbeat_s: float = Field(30.0, gt=0)
    # Feeds in / open data out: the read-only open data API needs no token unless this is off.
    open_data_public: bool = True
    ingest_max_bytes: int = Field(20_000_000, gt=0)
    ingest_max_records: int = Field(50_000, gt=0)
    ingest_rate: str = "600/minute"  # per feed token (a `limits` rate string)
    # The jobs process writes yesterday's daily report (PDF, XLSX) into <data dir>/reports/ at this local time
    # ("HH:MM"; empty: never).
    report_at: str = Field("06:30", pattern=r"^(([01]\d|2[0-3]):[0-5]\d)?$")
    # A site with its own tile server may draw its raster tiles under the situation maps' layers
    # ("https://tiles.example.vn/{z}/{x}/{y}.png", with their attribution); unset, the maps use nothing remote.
    map_tiles_url: str | None = Field(None, pattern=r"^https?://.*\{z\}.*\{x\}.*\{y\}")
    map_tiles_attribution: str = ""

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, dotenv_settings, TomlConfigSettingsSource(settings_cls))

    @field_validator("data_dir", "packs_root")
    @classmethod
    def _anchor_data_dir(cls, value: Path | None) -> Path | None:
        return value if value is None or value.is_absolute() else (PROJECT_ROOT / value).resolve()

    @property
    def default_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'cityops.db'}"

    def domain_url(self, domain: str) -> str:
        """The database URL of one domain: its own override, else the main URL."""
        if domain not in domain_names():
            raise ValueError(f"unknown domain {domain!r}")
        return (self.database_urls.get(domain) or os.environ.get(f"CITYOPS_{domain.upper()}_DATABASE_URL")
                or self.default_url)

    def session_secret(self) -> str:
        """The configured secret, else one kept in the data directory so sessions survive restarts."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
