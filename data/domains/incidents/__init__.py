"""Incidents: citizen field reports, hotline calls, camera AI, sensors and operators; their lifecycle (event
trail), dispatch to response units, duplicates merged, SLA clocks."""

from data.domains.incidents import feeds, rules, writer
from data.domains.incidents.models import Incident
from data.domains.incidents.provider import IncidentsProvider
from data.domains.incidents.records import IncidentRecord
from data.domains.spec import DomainSpec, Placed

SPEC = DomainSpec(
    name="incidents", order=40, record=IncidentRecord, check=writer.check, insert=writer.insert,
    entities=writer.entities, load_registry=writer.load_registry, provider=IncidentsProvider, cadence_s=3600,
    record_time="reported_at", tracks_data_time=False,
    ngsi_types={"Alert": feeds.alert}, ngsi_needs_code=False,
    series=feeds.series, simulate="data.demo.simulation:CitySimulation.incident_reports",
    alert_rules=rules.RULES,
    placed=Placed("incidents", Incident, key="id", alerted=False),
)
