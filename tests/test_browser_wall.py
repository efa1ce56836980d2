"""The control-room wall in headless Chromium against the real app: rotation, alarm takeover, camera wall,
feed health, screenshots of every scene at 1920×1080 and 3840×2160, no console errors, nothing off-host."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import NEXT_FRAMES, dash_prop, emulate_screen, save_screenshot, screenshot, viewport, wait_for
from live_server import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.process]

SCENE_TITLES = {"overview": "tổng quan", "traffic": "giao thông", "environment": "môi trường",
                "incidents": "sự cố", "cameras": "camera"}


def camera_tiles(dash_duo) -> list[dict]:
    """The props of every camera tile of every page, in order (the pages wait in a store; only the current one
    is rendered)."""
    pages = dash_prop(dash_duo.driver, "wall-cam-pages", "data") or []
    return [tile["props"] for page in pages for tile in page["props"]["children"]]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("wall")).start()
    yield live
    live.stop()


def services_of(server: LiveServer):
    from data.store.settings import Settings
    from data.wiring.services import Services

    return Services.create(Settings(data_dir=server.data_dir, demo=False, _env_file=None))


def write(server: LiveServer, domain: str, records: list[dict], feed: str, expected_every_s: int | None = None):
    """Another process writes through the shared write path into the app's database."""
    from data.ingest.write_path import WritePath

    services = services_of(server)
    try:
        result = WritePath(services.engines, services.registry).write(domain, records, feed=feed,
                                                                      expected_every_s=expected_every_s)
    finally:
        services.engines.dispose()
    assert result.accepted == len(records), result
    return services


def open_wall(dash_duo, server: LiveServer, query: str) -> None:
    """Log the screen in with a display token (as a wall does) and open /wall with `query`."""
    from data.commands.users import UserStore

    services = services_of(server)
    token = UserStore(services.engines.main).create_display_token(f"wall-{time.time_ns()}")
    services.engines.dispose()
    dash_duo.driver.get(f"{server.url}/wall?{query}&token={token}")
    wait_for(lambda: dash_duo.driver.execute_script("return document.querySelectorAll('#wall .wall-feed').length"),
             40, "the wall did not load")


def scene(dash_duo) -> str:
    return dash_duo.driver.execute_script(
        "const s = document.querySelector('.wall-scene.active'); return s ? s.id.replace('wall-scene-', '') : ''")


def assert_clean(dash_duo) -> None:
    resources = dash_duo.driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    off_host = [r for r in resources if not r.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]
    assert resources and off_host == []
    # Plotly is asked for with the page's first bytes and that download is the one the graphs use (not a second).
    assert len([r for r in resources if r.endswith("/plotly/package_data/plotly.min.js")]) == 1, resources
    assert dash_duo.get_logs() == []


def test_wall001_rotation_follows_scenes_and_dwell(dash_duo, server):
    open_wall(dash_duo, server, "scenes=overview,traffic,cameras&dwell=overview:3,traffic:2,cameras:2&takeover=0")
    # Record every change of scene inside the browser: polling from outside can miss a 2-second scene while
    # the page is busy drawing a map on a loaded machine.
    dash_duo.driver.execute_script("""
        window.__scenes = [];
        const note = () => {
            const s = document.querySelector('.wall-scene.active');
            const name = s ? s.id.replace('wall-scene-', '') : '';
            if (name && window.__scenes[window.__scenes.length - 1] !== name) { window.__scenes.push(name); }
        };
        note();
        new MutationObserver(note).observe(document.querySelector('#wall'),
                                           {attributes: true, attributeFilter: ['class'], subtree: true});
    """)
    def scenes_seen():
        order = dash_duo.driver.execute_script("return window.__scenes")
        return order if len(order) >= 5 else None

    order = wait_for(scenes_seen, 40, "the rotation did not advance through the scenes")
    start = order.index("overview")
    assert order[start:start + 4] == ["overview", "traffic", "cameras", "overview"][:len(order[start:start + 4])]
    assert set(order) == {"overview", "traffic", "cameras"}  # only the requested scenes
    current, title = dash_duo.driver.execute_script(
        "return [document.querySelector('.wall-scene.active').id, "
        "document.querySelector('#wall-scene-title').textContent]")
    assert title.lower() == SCENE_TITLES[current.replace("wall-scene-", "")]
    # No chrome: the shell's header is not shown on the wall.
    assert not dash_duo.driver.execute_script("return document.querySelector('.shell-header').offsetParent")
    assert_clean(dash_duo)


def test_wall002_severity1_incident_takes_over_then_releases(dash_duo, server):
    open_wall(dash_duo, server, "scenes=traffic&dwell=600&takeover=20")  # long enough to be seen on a loaded machine
    wait_for(lambda: scene(dash_duo) == "traffic" and not dash_duo.find_element("#wall-alarm").is_displayed(), 90,
             "the wall never settled on the traffic scene")
    services = services_of(server)
    ward = services.pack.wards.iloc[1].geometry.representative_point()
    services.engines.dispose()
    title = f"Cháy kho hàng – kiểm thử {time.time_ns()}"
    write(server, "incidents", [{
        "external_id": f"WALL-{time.time_ns()}", "source": "hotline", "category": "an_ninh_trat_tu", "severity": 1,
        "title": title, "lat": ward.y, "lon": ward.x,
        "reported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}], feed="test/wall")

    wait_for(lambda: title in dash_duo.find_element("#wall-alarm-message").text, 30,
             "the severity-1 incident did not take over the wall")
    # The map scene, focused on the place (the scene changes on the clock tick after the message is written).
    wait_for(lambda: scene(dash_duo) == "overview", 10, "the takeover did not bring the map scene")
    center = dash_duo.driver.execute_script(
        "return document.querySelector('#wall-overview-map .js-plotly-plot').layout.map.center")
    assert center["lat"] == pytest.approx(ward.y, abs=1e-3) and center["lon"] == pytest.approx(ward.x, abs=1e-3)
    screenshot(dash_duo.driver, "wall_takeover", 1920, 1080)

    wait_for(lambda: not dash_duo.find_element("#wall-alarm").is_displayed(), 40, "the takeover never released")
    assert scene(dash_duo) == "traffic"  # the rotation resumed where it was
    # Once per event: the same alarm does not take over again on later refreshes. A bounded observation window:
    # the rotation and takeover machine runs on every clock tick with the alarm still in the list, so watch it
    # through three more ticks.
    released_at = dash_prop(dash_duo.driver, "clock-tick", "n_intervals")

    def three_ticks_without_a_second_takeover() -> bool:
        assert title not in dash_duo.find_element("#wall-alarm-message").text, "the same alarm took over again"
        return dash_prop(dash_duo.driver, "clock-tick", "n_intervals") >= released_at + 3

    wait_for(three_ticks_without_a_second_takeover, 20, "the wall clock stopped ticking")
    assert any(i.startswith("alert:") for i in dash_duo.driver.execute_script(
        "return JSON.parse(localStorage.getItem('wall-alarms-seen'))"))
    assert_clean(dash_duo)


def test_wall003_camera_wall_lists_offline_first(dash_duo, server):
    services = services_of(server)
    codes = services.pack.cameras["code"].tolist()[-2:]
    services.engines.dispose()
    now = datetime.now(UTC)
    write(server, "cameras", [
        {"camera": codes[0], "ts": (now - timedelta(minutes=3)).isoformat(), "online": False},
        {"camera": codes[1], "ts": (now - timedelta(minutes=2)).isoformat(), "online": False}], feed="test/cameras")
    open_wall(dash_duo, server, "scenes=cameras&takeover=0&grid=4x4")

    def tiles():
        return [(tile["data-code"], tile["data-state"]) for tile in camera_tiles(dash_duo)]

    found = wait_for(lambda: (lambda ts: ts if {c for c, s in ts if s == "offline"} >= set(codes) else None)(tiles()),
                     30, "the offline cameras never showed on the camera wall")
    states = [s for _, s in found]
    first_online = states.index("online") if "online" in states else len(states)
    assert all(s == "offline" for s in states[:first_online]) and "offline" not in states[first_online:]
    positions = [c for c, _ in found]
    assert positions.index(codes[0]) < positions.index(codes[1])  # down longer comes first
    # The screen shows exactly the tiles of the page it names, and a down camera says so in words.
    def on_screen_matches_page() -> bool:
        shown = dash_duo.driver.execute_script("""
            const codes = Array.from(document.querySelectorAll('#wall-cam-grid figure')).map(f => f.dataset.code);
            return [codes, document.querySelector('#wall-cam-pageno').textContent];""")
        if not shown[0] or not shown[1].startswith("trang "):  # the counter says what it counts
            return False
        size = 16
        index = int(shown[1].removeprefix("trang ").split("/")[0]) - 1
        return shown[0] == [c for c, _ in found[index * size:(index + 1) * size]]

    wait_for(on_screen_matches_page, 20, "the camera page on screen is not the page it names")
    tile = next(tile for tile in camera_tiles(dash_duo) if tile["data-code"] == codes[0])
    label = tile["children"][1]["props"]["children"][2]["props"]["children"]
    assert "Mất tín hiệu" in label
    assert_clean(dash_duo)


def test_wall004_stale_feed_shows_as_stale(dash_duo, server):
    feed = f"test/stale-{time.time_ns() % 100000}"
    segment = services_of(server).pack.roads["code"].iloc[0]
    write(server, "traffic", [{"segment": segment, "ts": datetime.now(UTC).isoformat(), "speed_kmh": 30}],
          feed=feed, expected_every_s=1)
    open_wall(dash_duo, server, "scenes=overview&takeover=0")

    def stale_items():
        return dash_duo.driver.execute_script(
            "return Array.from(document.querySelectorAll('.wall-feed[data-state=stale]')).map(e => e.textContent)")

    wait_for(lambda: any(feed in n for n in stale_items()), 30, f"feed {feed} never showed as stale")
    assert "Mất" in next(n for n in stale_items() if feed in n)  # the state in words, not only in colour
    assert_clean(dash_duo)


# Records each callback request of the page: the outputs it asks for and the value of its first input,
# installed before the page's own scripts.
# Every callback the page asks the server: [its outputs, its first input's value, how many components the answer
# updates (0: none; null while it is on its way)].
RECORD_CALLBACKS = """
    window.__callbacks = [];
    const send = window.fetch;
    window.fetch = function (url, options) {
        if (String(url).includes('_dash-update-component') && options && options.body) {
            const asked = JSON.parse(options.body);
            const entry = [asked.output, asked.inputs && asked.inputs[0] ? asked.inputs[0].value : null, null];
            window.__callbacks.push(entry);
            return send.apply(this, arguments).then(answer => {
                if (answer.status === 204) { entry[2] = 0; return answer; }  // nothing to update
                answer.clone().json().then(body => { entry[2] = Object.keys(body.response || {}).length; });
                return answer;
            });
        }
        return send.apply(this, arguments);
    };
"""


def test_wall006_opening_a_wall_answers_each_domain_version_once(dash_duo, server):
    """Each domain's wall callback answers the versions the push sends, once each: not also the page's render
    (before any version is known), whose answer the first push then repeated in full."""
    from data.domains import domain_names

    script = dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CALLBACKS})
    try:
        open_wall(dash_duo, server, "scenes=overview&takeover=0")
        wait_for(lambda: dash_duo.driver.execute_script(
            "return document.querySelector('#wall-kpi-incidents-value').textContent !== '–'"), 30,
            "the incidents tile never filled")
        time.sleep(4)  # what a repeated answer would take to be asked
        asked = dash_duo.driver.execute_script("return window.__callbacks")
    finally:
        dash_duo.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
    versions = {d: [version for output, version, _updated in asked if f"wall-seen-{d}.data" in (output or "")]
                for d in domain_names()}
    assert all(versions.values()), versions  # every domain drew its part
    assert all(None not in v and len(v) == len(set(v)) for v in versions.values()), versions
    assert_clean(dash_duo)


MIN_TEXT_VH = 2.2
# Every piece of text on screen whose font is under `arguments[0]` % of the screen's height: [text, px, element].
SMALL_TEXT = """
    const least = window.innerHeight * arguments[0] / 100 - 0.5, small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement, text = node.textContent.trim();
        if (!text || !element || element.closest('script, style, noscript')) { continue; }
        const style = getComputedStyle(element), boxes = element.getClientRects();
        if (!boxes.length || style.visibility !== 'visible' || style.opacity === '0') { continue; }
        const box = element.getBoundingClientRect();
        if (box.width < 1 || box.bottom <= 0 || box.right <= 0 || box.top >= innerHeight || box.left >= innerWidth) {
            continue;  // off screen (a camera page waiting, rows of a list that do not fit)
        }
        let hidden = false;
        for (let e = element; e && !hidden; e = e.parentElement) {
            const s = getComputedStyle(e);
            hidden = s.display === 'none' || s.opacity === '0';
        }
        const px = parseFloat(style.fontSize);
        if (!hidden && px < least) { small.push([text.slice(0, 40), px, element.className.baseVal ?? element.className]); }
    }
    return small;"""
# Pairs of a chart's tick labels whose boxes overlap (an x tick under a y tick, two x ticks).
TICKS_OVERLAPPING = """
    const found = [];
    document.querySelectorAll('.wall-scene.active .js-plotly-plot').forEach(gd => {
        const boxes = Array.from(gd.querySelectorAll('.xtick text, .ytick text'))
            .filter(t => t.textContent.trim()).map(t => [t.textContent, t.getBoundingClientRect()]);
        boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, q]) => {
            if (r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1) {
                found.push([a, b]);
            }
        }));
    });
    return found;"""


# Chart lines of the active scene (and their legend samples) not as wide as their trace says times the screen's
# height over 1080 ([drawn, wanted] px), and how many were checked.
LINES_OFF_SCALE = """
    const scale = Math.max(1, innerHeight / 1080), off = [];
    let checked = 0;
    document.querySelectorAll('.wall-scene.active .js-plotly-plot').forEach(gd => {
        gd.querySelectorAll('.scatterlayer .trace, .legend .traces').forEach(group => {
            const datum = group.__data__, cd = Array.isArray(datum[0]) ? datum[0] : datum;
            const width = cd[0].trace.line && cd[0].trace.line.width;
            group.querySelectorAll('path.js-line, .legendlines path').forEach(path => {
                const drawn = parseFloat(getComputedStyle(path).strokeWidth);
                if (!width) { return; }
                checked += 1;
                if (Math.abs(drawn - width * scale) > 0.1) { off.push([drawn, width * scale]); }
            });
        });
    });
    return [off, checked];"""
# Names on the active scene's map written over another name, or a line's name over a badge (a ward's name may
# lie over a badge when no place in its ward is free).
NAMES_OVER = """
    const found = [], boxOf = (e) => e.getBoundingClientRect();
    const over = (r, q) => r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1;
    document.querySelectorAll('.wall-scene.active .maplibregl-map').forEach(map => {
        const names = Array.from(map.querySelectorAll('.map-label')).filter(e => getComputedStyle(e).visibility !== 'hidden');
        const badges = Array.from(map.querySelectorAll('.map-badges > *')).filter(e => getComputedStyle(e).visibility !== 'hidden');
        names.forEach((a, i) => {
            names.slice(i + 1).forEach(b => { if (over(boxOf(a), boxOf(b))) { found.push([a.textContent, b.textContent]); } });
            if (!a.classList.contains('map-label-ward')) {
                badges.forEach(b => { if (over(boxOf(a), boxOf(b))) { found.push([a.textContent, b.textContent]); } });
            }
        });
    });
    return found;"""


# The map's own line widths and dot radii of the overview scene, by layer (the figure's traces).
MAP_PAINT = """
    const gd = document.querySelector('#wall-scene-overview .js-plotly-plot');
    const map = gd && gd._fullLayout.map && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
    if (!map || !map.style || !map.style._loaded) { return null; }  // parsed: not every tile loaded (isStyleLoaded)
    const paint = {};
    for (const id of map.getLayersOrder()) {
        const layer = map.getLayer(id), prop = {line: 'line-width', circle: 'circle-radius'}[layer.type];
        const value = prop && id.startsWith('plotly-') ? map.getPaintProperty(id, prop) : undefined;
        if (value !== undefined && value !== null) { paint[id] = value; }  // a layer left at the default has none
    }
    return Object.keys(paint).length ? paint : null;"""


def test_wall007_map_lines_and_dots_grow_with_the_screen(dash_duo, server):
    """Roads, rivers, ward lines and camera dots are drawn in pixels: on a 2160-line wall they are twice as wide
    as the figure says (as the text is), and back as the figure says on a 1080-line screen."""
    open_wall(dash_duo, server, "scenes=overview&takeover=0")
    dash_duo.wait_for_element("#wall-scene-overview .maplibregl-canvas", timeout=30)
    driver = dash_duo.driver

    def paint() -> dict | None:
        return driver.execute_script(MAP_PAINT)

    try:
        emulate_screen(driver, 1920, 1080)  # once a size: each resize is a 4K redraw on a loaded machine
        base = wait_for(paint, 30, "no map layers at 1920x1080")
        def grown(now: dict) -> bool:  # every line in both twice as wide
            common = [i for i, v in base.items() if i in now and isinstance(v, (int, float))]
            return bool(common) and all(abs(now[i] - 2 * base[i]) <= 0.1 for i in common)

        emulate_screen(driver, 3840, 2160)  # a software-drawn 4K map on a loaded machine takes seconds a frame: a wide window
        wall = wait_for(lambda: (p := paint()) and grown(p) and p, 60,
                        lambda: f"nothing grew on the 4K wall: {base} → {paint()}")
        # As the figure says again (a live update may have added or emptied a trace meanwhile: the layers in both).
        emulate_screen(driver, 1920, 1080)
        back = wait_for(lambda: (p := paint()) and all(p[i] == v for i, v in base.items() if i in p)
                        and len(set(p) & set(base)) >= len(base) // 2 and p, 60,
                        lambda: f"widths did not come back at 1080: {base} → {paint()}")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    widths = {i: v for i, v in base.items() if isinstance(v, (int, float))}
    dots = {i: v for i, v in base.items() if not isinstance(v, (int, float))}
    assert widths and dots, base  # lines (roads, rivers, wards) and data-driven dots (cameras, stations)
    assert all(wall[i] == pytest.approx(2 * w, abs=0.1) for i, w in widths.items() if i in wall), (base, wall)
    assert all(wall[i] == ["*", d if isinstance(d, list) else ["get", d["property"]], 2]
               for i, d in dots.items() if i in wall), (base, wall)
    assert len(set(wall) & set(base)) >= len(base) // 2, (base, wall)
    assert all(back[i] == v for i, v in base.items() if i in back)
    assert_clean(dash_duo)


@pytest.mark.parametrize("name", list(SCENE_TITLES))
def test_wall005_scene_screenshots(dash_duo, server, name):
    open_wall(dash_duo, server, f"scenes={name}&takeover=0")
    wait_for(lambda: scene(dash_duo) == name, 20, f"scene {name} not shown")
    if name in ("overview", "traffic"):
        dash_duo.wait_for_element(f"#wall-scene-{name} .maplibregl-canvas", timeout=30)
    ready = {"overview": "#wall-kpi-incidents-value", "traffic": "#wall-worst li", "environment": "#wall-aqi-list li",
             "incidents": "#wall-inc-severity .wall-sev-tile", "cameras": "#wall-cam-grid figure"}[name]
    dash_duo.wait_for_element(ready, timeout=30)
    for width, height in ((1920, 1080), (3840, 2160)):
        with viewport(dash_duo.driver, width, height, f"wall_{name}"):
            # Read at 4 m: no text on screen under 2.2 % of its height (HTML, the charts' SVG, the map's names),
            # and no tick label of a chart over another. The charts' text follows the screen at the next clock tick.
            # A 4K frame drawn in software on a loaded machine takes seconds: the waits are wide, the checks exact.
            wait_for(lambda: dash_duo.driver.execute_script(SMALL_TEXT, MIN_TEXT_VH) == [], 30,
                     lambda width=width: (name, width, dash_duo.driver.execute_script(SMALL_TEXT, MIN_TEXT_VH)))
            dash_duo.driver.execute_async_script(NEXT_FRAMES)  # painted before the picture
            assert dash_duo.driver.execute_script(TICKS_OVERLAPPING) == [], (name, width)
            assert dash_duo.driver.execute_script(NAMES_OVER) == [], (name, width)
            wait_for(lambda: dash_duo.driver.execute_script(LINES_OFF_SCALE)[0] == [], 30,
                     lambda name=name, width=width: (name, width, dash_duo.driver.execute_script(LINES_OFF_SCALE)))
            off, checked = dash_duo.driver.execute_script(LINES_OFF_SCALE)
            assert off == [] and (checked >= 2 or name not in ("traffic", "environment")), (name, width, off, checked)
            assert save_screenshot(dash_duo.driver, f"wall_{name}", width, height).exists()
    assert_clean(dash_duo)
