"""`cityops import-geo FILE`: real administrative boundaries into the city pack and the databases.

    cityops import-geo wards.gpkg --level ward --code-field ma_xa --name-field ten_xa --valid-from 2025-07-01
    cityops import-geo former.zip --level former --code-field MA --name-field TEN --dry-run

FILE is a GeoJSON, a GeoPackage or a zipped Shapefile in any declared CRS (a file without one must be in lon/lat).
Invalid polygons are repaired; gaps against the city outline and overlaps between units are reported. Refused
(exit 2, nothing changed): a missing field, empty or repeated codes, units that do not overlap the city, units
that leave a camera, station, road segment or incident outside every unit. Otherwise the level's units in the
pack's units.geojson and in admin_units are replaced and, for wards, every site and incident gets the ward it lies
in. Running the same import again changes nothing. Stop the server and the jobs while importing: they read the
pack when they start.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from data.ingest.boundaries import apply_units, indicator_scopes_left, read_sites
from data.wiring.setup import command_services
from geo.importer import (
    LEVELS,
    ImportRefused,
    check_covers,
    check_place,
    city_outline,
    coverage_report,
    level_frame,
    listed,
    locate_all,
    read_boundaries,
    replace_level,
    stray_codes,
)
from geo.pack import CRS, feature_collection_text, load_pack, units_geojson, write_text_atomically

PROG = "cityops import-geo"


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, metavar="FILE", help="GeoJSON, GeoPackage (.gpkg) or zipped Shapefile")
    parser.add_argument("--level", choices=LEVELS, required=True)
    parser.add_argument("--code-field", required=True, metavar="FIELD", help="the field holding each unit's code")
    parser.add_argument("--name-field", required=True, metavar="FIELD", help="the field holding each unit's full name")
    parser.add_argument("--population-field", metavar="FIELD", help="the field holding each unit's population (else kept)")
    parser.add_argument("--valid-from", type=_iso_date, metavar="YYYY-MM-DD", help="the day the units took effect (else kept)")
    parser.add_argument("--layer", help="the layer of a GeoPackage with several")
    parser.add_argument("--pack", metavar="SLUG", help="the city pack (must be the configured one, CITYOPS_CITY)")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    args = parser.parse_args(argv)
    try:
        return run(args)
    except ImportRefused as exc:
        print(f"{PROG}: refused: {exc}\nnothing was changed", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    units, read = read_boundaries(args.path, args.code_field, args.name_field, args.level,
                                  layer=args.layer, population_field=args.population_field,
                                  valid_from=args.valid_from)
    services = command_services()
    pack = services.pack
    if args.pack and args.pack != pack.slug:
        raise ImportRefused(f"the databases hold city pack {pack.slug!r} (CITYOPS_CITY), not {args.pack!r}; "
                            f"set CITYOPS_CITY={args.pack} to import into it")
    outline = city_outline(pack, args.level)
    check_place(units, outline)
    coverage = coverage_report(units, reference=outline)

    path = pack.file("units.geojson")
    before = path.read_text(encoding="utf-8")
    source = f"{args.path.name}, field {args.population_field}" if args.population_field else None
    features = replace_level(json.loads(before), units, args.level, population_source=source)
    text = feature_collection_text(features)
    imported = level_frame(features, args.level)
    sites = read_sites(services.engines)
    located = locate_all(imported, sites)
    check_covers(sites, located)

    changes = apply_units(services.engines, imported, args.level, sites, located, dry_run=args.dry_run,
                          before_commit=None if text == before else lambda: write_text_atomically(path, text),
                          bump=services.write_path.bump_version)
    if not args.dry_run:
        load_pack.cache_clear()
        units_geojson.cache_clear()
        services.registry.refresh()
        for domain in sorted(changes.domains):
            services.watcher.bump(domain)

    crs = read["source_crs"]
    print(f"read {read['features']} units ({args.level}) from {args.path}")
    print(f"CRS: {crs}, reprojected to {CRS}" if crs and crs != CRS else
          f"CRS: {crs or f'none declared; the coordinates are lon/lat, taken as {CRS}'}")
    repaired = read["repaired"]
    print(f"repaired {len(repaired)} invalid unit(s): {listed(repaired, 20)}" if repaired else "repaired: none")
    where = "the city outline" if pack.outline is not None else f"the pack's current {args.level} units"
    print(f"against {where} ({coverage['outline_km2']} km², areas in {coverage['metric_crs']}):")
    print(f"  gaps: {coverage['gap_km2']} km² ({coverage['gap_pct']}% of the outline; {coverage['gap_area_m2']:,.0f} m²) "
          f"in {coverage['gaps']} piece(s)")
    print(f"  beyond the outline: {coverage['outside_km2']} km²")
    overlaps = coverage["overlaps"]
    print(f"  overlapping pairs: {len(overlaps)}" + ("" if overlaps else " (none)"))
    for pair in overlaps:
        print(f"    {pair['a']} × {pair['b']}: {pair['area_km2']} km²")
    for name, codes in stray_codes(pack, imported, args.level).items():
        print(f"warning: {name} names {len(codes)} {args.level} code(s) not in the import: {listed(codes)}")
    if args.level == "ward":
        scopes = indicator_scopes_left(services.engines, imported["code"])
        if scopes:
            print(f"warning: {sum(scopes.values())} indicator value(s) were reported for ward code(s) not in the "
                  f"import: {listed(scopes)}")

    would = "would be " if args.dry_run else ""
    print(f"admin units ({args.level}): {len(changes.units_added)} {would}added, {len(changes.units_updated)} "
          f"{would}changed, {len(changes.units_removed)} {would}removed"
          + (f" ({listed(changes.units_removed)})" if changes.units_removed else ""))
    print(f"units.geojson: {'unchanged' if text == before else (would or '') + 'rewritten'} ({path})")
    if args.level == "ward":
        counts = ", ".join(f"{kind} {count}" for kind, count in changes.reassigned.items())
        done = "that would change ward" if args.dry_run else "reassigned to another ward"
        print(f"sites and incidents {done}: {changes.sites_reassigned} ({counts}) of "
              f"{sum(len(p.codes) for p in sites.values())}")
        if changes.copies is not None:
            print(f"ward copies updated in readings, rollups and alerts: {changes.copies}")
    else:
        print("reassigned: 0 (no site stores its former unit)")
    if args.dry_run:
        print("dry run: nothing written")
    elif text != before or changes.units_added or changes.units_updated or changes.units_removed:
        print("restart the server and `cityops jobs` so that they read the new units (records they wrote meanwhile "
              "keep the old wards: run the import again after the restart to mend them)")
    return 0
