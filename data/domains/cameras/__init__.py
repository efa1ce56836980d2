"""Cameras: the registry, online/offline changes, AI video events and snapshots for the camera wall."""

from data.domains.cameras import feeds, rollups, rules, writer
from data.domains.cameras.models import Camera, CameraEvent, CameraEventDaily, CameraStatus
from data.domains.cameras.provider import CamerasProvider
from data.domains.cameras.records import CameraRecord
from data.domains.spec import DomainSpec, OpenLayer, Placed

SPEC = DomainSpec(
    name="cameras", order=20, record=CameraRecord, check=writer.check, insert=writer.insert,
    entities=writer.entities, load_registry=writer.load_registry, provider=CamerasProvider, cadence_s=900,
    ngsi_types={"Device": feeds.device},
    open_layers={"cameras": OpenLayer("Cameras with their status (online, since); snapshot URLs are not published",
                                      feeds.cameras_layer)},
    series=feeds.series, simulate="data.demo.simulation:CitySimulation.camera_records",
    alert_rules=rules.RULES, rollups=rollups.ROLLUPS,
    placed=Placed("cameras", Camera, copies=((CameraStatus, "camera_code"), (CameraEvent, "camera_code"),
                                               (CameraEventDaily, "camera_code"))),
)
