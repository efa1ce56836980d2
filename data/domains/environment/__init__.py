"""Environment: air quality (VN_AQI), surface water quality, river levels against flood alarm levels, rain."""

from data.domains.environment import feeds, rollups, rules, writer
from data.domains.environment.models import EnvDaily, EnvDailyAqi, EnvHourly, EnvObs, EnvStation
from data.domains.environment.provider import EnvironmentProvider
from data.domains.environment.records import EnvRecord
from data.domains.spec import DomainSpec, OpenLayer, Placed
from data.store.bulk import BulkLoad

SPEC = DomainSpec(
    name="environment", order=30, record=EnvRecord, check=writer.check, insert=writer.insert,
    entities=writer.entities, load_registry=writer.load_registry, provider=EnvironmentProvider, cadence_s=3600,
    ngsi_types={"AirQualityObserved": feeds.air_quality, "WaterQualityObserved": feeds.water_quality},
    open_layers={"stations": OpenLayer("Environment stations with the latest VN_AQI (air) and latest readings",
                                       feeds.stations_layer)},
    series=feeds.series, simulate="data.demo.simulation:CitySimulation.environment",
    alert_rules=rules.RULES, rollups=rollups.ROLLUPS,
    bulk=BulkLoad(simulate="data.demo.simulation:CitySimulation.environment_frame", code_field="station",
                  stored=writer.stored, table=lambda: EnvObs.__table__, keys=("station_code", "parameter", "ts"),
                  roll_up=writer.roll_up),
    placed=Placed("stations", EnvStation, copies=((EnvObs, "station_code"), (EnvHourly, "station_code"),
                                                   (EnvDaily, "station_code"), (EnvDailyAqi, "station_code"))),
)
