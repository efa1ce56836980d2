"""Traffic: road segments, their speed readings (and hourly rollup), congestion as a share of free flow."""

from data.domains.spec import DomainSpec, OpenLayer, Placed
from data.domains.traffic import feeds, rollups, rules, writer
from data.domains.traffic.models import RoadSegment, TrafficDaily, TrafficHourly, TrafficObs
from data.domains.traffic.provider import TrafficProvider
from data.domains.traffic.records import TrafficRecord
from data.store.bulk import BulkLoad

SPEC = DomainSpec(
    name="traffic", order=10, record=TrafficRecord, check=writer.check, insert=writer.insert,
    entities=writer.entities, load_registry=writer.load_registry, provider=TrafficProvider, cadence_s=300,
    ngsi_types={"TrafficFlowObserved": feeds.traffic_flow},
    open_layers={"segments": OpenLayer("Road segments with their current state (speed, congestion level)",
                                       feeds.segments_layer)},
    series=feeds.series, simulate="data.demo.simulation:CitySimulation.traffic",
    alert_rules=rules.RULES, rollups=rollups.ROLLUPS,
    bulk=BulkLoad(simulate="data.demo.simulation:CitySimulation.traffic_frame", code_field="segment",
                  stored=writer.stored, table=lambda: TrafficObs.__table__, keys=("segment_code", "ts"),
                  roll_up=writer.roll_up),
    placed=Placed("segments", RoadSegment, copies=((TrafficObs, "segment_code"), (TrafficHourly, "segment_code"),
                                                    (TrafficDaily, "segment_code")),
                  regroup=rollups.regroup_wards, regrouped=rollups.WARD_TABLES),
)
