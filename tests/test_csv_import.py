"""CSV backfill through the shared write path on SQLite and PostgreSQL: counts, line numbers, idempotence."""

from __future__ import annotations

from conftest import installed
from sqlalchemy import func, select

from data.domains.environment.models import EnvObs


def test_csv_backfill_reports_and_is_idempotent(db_services, tmp_path, capsys):
    from data.ingest.csv_import import import_csv
    from data.wiring.commands.csv_import import main

    path = tmp_path / "aq.csv"
    rows = ["station,ts,parameter,value,unit"]
    rows += [f"AQ-01,2026-11-{d:02d}T0{h}:00:00Z,pm25,{20 + h},µg/m³" for d in range(1, 11) for h in range(10)]
    rows += ["AQ-01,2026-11-01T00:00:00Z,pm25,abc,", "NOPE,2026-11-01T00:00:00Z,pm25,1,", "AQ-01,,pm25,1,"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = import_csv(db_services.write_path, "environment", path, chunk=37, progress=False)
    assert (result.accepted, result.duplicates) == (100, 0)
    assert [r.index for r in result.rejected] == [102, 103, 104]  # CSV line numbers
    with db_services.engines["environment"].connect() as conn:
        assert conn.execute(select(func.count()).select_from(EnvObs)).scalar_one() == 100
    assert db_services.feeds.status().set_index("feed").loc["csv/aq", "state"] == "import"

    with installed(db_services):
        assert main(["environment", str(path)]) == 0
    out = capsys.readouterr().out
    assert "accepted 0, duplicates 100, rejected 3" in out and "line 103: station: unknown code" in out


def test_camera_rows_with_events(db_services, tmp_path, pack):
    from data.ingest.csv_import import import_csv

    cam = pack.cameras["code"].iloc[0]
    path = tmp_path / "cams.csv"
    path.write_text(f"camera,ts,online,event_kind,event_value,event_confidence\n"
                    f"{cam},2026-11-20T01:00:00Z,true,,,\n{cam},2026-11-20T01:05:00Z,,vehicle_count,42,0.9\n")
    result = import_csv(db_services.write_path, "cameras", path, progress=False)
    assert result.accepted == 2 and result.rejected == []
