"""Wires the data layer for one process: engines, city pack, registry, write path, providers, versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from data.domains import domain_names
from data.domains.registry import spec
from data.ingest.registry import Registry
from data.ingest.write_path import WritePath
from data.providers.feeds import FeedsProvider
from data.store.bus import ChangeBus
from data.store.db import Engines
from data.store.settings import Settings
from data.store.versions import VersionWatcher
from geo.pack import CityPack, load_pack


def utc_offset_hours(timezone: str) -> int:
    offset = datetime(2025, 1, 1, tzinfo=ZoneInfo(timezone)).utcoffset()
    return int(offset.total_seconds() // 3600) if offset else 0


@dataclass
class Services:
    settings: Settings
    engines: Engines
    pack: CityPack

    _providers: dict = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def create(cls, settings: Settings, engines: Engines | None = None) -> Services:
        return cls(settings, engines or Engines.from_settings(settings), load_pack(settings.city, settings.packs_root))

    @cached_property
    def offset(self) -> int:
        return utc_offset_hours(self.pack.meta.get("timezone", "Asia/Ho_Chi_Minh"))

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.pack.meta.get("timezone", "Asia/Ho_Chi_Minh"))

    @cached_property
    def registry(self) -> Registry:
        return Registry(self.engines, self.pack)

    @cached_property
    def watcher(self) -> VersionWatcher:
        settings = self.settings
        bus = ChangeBus(settings.redis_url, settings.bus_channel) if settings.redis_url else None
        return VersionWatcher(self.engines, bus=bus, safety_poll_s=settings.bus_safety_poll_s)

    @cached_property
    def write_path(self) -> WritePath:
        return WritePath(self.engines, self.registry, notify=self.watcher.bump, offset_hours=self.offset)

    def provider(self, domain: str):
        """The read side of a domain (built once per process)."""
        if domain not in self._providers:
            found = spec(domain)
            self._providers[domain] = found.provider(self.engines[domain], self.offset)
        return self._providers[domain]

    def __getattr__(self, name: str):
        """`services.traffic` etc.: a domain's provider by its name."""
        if name.startswith("_") or name not in domain_names():
            raise AttributeError(name)
        return self.provider(name)

    @cached_property
    def kpi(self):
        """The leaders' board (data/providers/kpi.py), across the domains."""
        from data.providers.kpi import KpiProvider

        return KpiProvider.from_services(self)

    @cached_property
    def districts(self):
        """The analysts' drill-down (data/providers/districts.py): metrics per unit over a range of days."""
        from data.providers.districts import DistrictsProvider

        return DistrictsProvider.from_services(self)

    @cached_property
    def feeds(self) -> FeedsProvider:
        return FeedsProvider(self.engines.main)


_current: Services | None = None


def get_services() -> Services:
    """The process's services, built from the settings on first use (tests may install their own)."""
    global _current
    if _current is None:
        from data.store.settings import get_settings

        _current = Services.create(get_settings())
    return _current


def set_services(services: Services | None) -> None:
    global _current
    _current = services
