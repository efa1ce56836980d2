"""Department indicators: figures the centre does not sense but departments report (online public services,
records handled on time, public Wi-Fi sessions, tourist arrivals, new businesses …), catalogued in the city pack
with their pillar, unit, period and target, fed in like any other domain; they fill the leaders' board."""

from data.domains.indicators import feeds, writer
from data.domains.indicators.provider import IndicatorsProvider
from data.domains.indicators.records import IndicatorRecord
from data.domains.spec import DomainSpec

SPEC = DomainSpec(
    name="indicators", order=50, record=IndicatorRecord, check=writer.check, insert=writer.insert,
    entities=writer.entities, load_registry=writer.load_registry, provider=IndicatorsProvider, cadence_s=86_400,
    record_time="reported_at", tracks_data_time=False, series=feeds.series,
    simulate="data.demo.indicators:indicator_records",
)
