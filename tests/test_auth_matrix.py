"""Role × action matrix against the real app: pages, Dash callbacks over HTTP (posted directly to
/_dash-update-component) and over WebSocket, for no session and for each role. Refused requests get
401/403 and change nothing."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from live_server import LiveServer
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from layouts import ids

pytestmark = pytest.mark.process

PASSWORD = "matrix-password-1"
ROLES = ("admin", "operator", "leader", "analyst")
PRINCIPALS = ("anonymous", *ROLES, "display")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("matrix"), CITYOPS_DEMO="false").start()
    for role in ROLES:
        live.add_user(f"u_{role}", role, PASSWORD)
    live.token = live.display_token("wall-test")
    yield live
    live.stop()


def incident(server: LiveServer) -> int:
    """A fresh incident written by another process through the shared write path."""
    from data.ingest.write_path import WritePath
    from data.store.settings import Settings
    from data.wiring.services import Services

    services = Services.create(Settings(data_dir=server.data_dir, demo=False, _env_file=None))
    point = services.pack.wards.iloc[0].geometry.representative_point()
    external_id = f"M-{time.time_ns()}"
    WritePath(services.engines, services.registry).write("incidents", [{
        "external_id": external_id, "source": "hotline", "category": "giao_thong", "severity": 2,
        "title": "Kiểm thử quyền", "lat": point.y, "lon": point.x,
        "reported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}], feed="test/matrix")
    frame = services.incidents.incidents(status=None)
    services.engines.dispose()
    return int(frame.loc[frame["external_id"] == external_id, "id"].iloc[0])


def state(server: LiveServer, incident_id: int) -> tuple[str, int]:
    from data.store.settings import Settings
    from data.wiring.services import Services

    services = Services.create(Settings(data_dir=server.data_dir, demo=False, _env_file=None))
    status = services.incidents.detail(incident_id)["status"]
    events = len(services.incidents.timeline(incident_id))
    services.engines.dispose()
    return status, events


def client(server: LiveServer, who: str) -> httpx.Client:
    if who == "anonymous":
        return httpx.Client(base_url=server.url, timeout=30)
    if who == "display":
        c = httpx.Client(base_url=server.url, timeout=30)
        assert c.get(f"/?token={server.token}").status_code == 303
        return c
    return server.login(f"u_{who}", PASSWORD)


def callback_body(output: str, outputs: list[tuple], inputs: list, state: list | None = None,
                  changed: list[str] | None = None) -> dict:
    return {"output": output, "outputs": [{"id": i, "property": p} for i, p in outputs], "inputs": inputs,
            "state": state or [], "changedPropIds": changed or []}


SHELL = callback_body(
    "..shell-nav.children...lang-switch-holder.children...lang.data...sim-badge.children...sim-badge.title"
    "...live-state.children...shell-user.children...about-data.children...brand-city.children..",
    [("shell-nav", "children"), ("lang-switch-holder", "children"), ("lang", "data"), ("sim-badge", "children"),
     ("sim-badge", "title"), ("live-state", "children"), ("shell-user", "children"), ("about-data", "children"),
     ("brand-city", "children")],
    [{"id": "url", "property": "pathname", "value": "/"}, {"id": "url", "property": "search", "value": ""}])

QUEUE = callback_body(
    "..incidents-grid.rowData...inc-count.children...incidents-map.figure...inc-seen.data..",
    [("incidents-grid", "rowData"), ("inc-count", "children"), ("incidents-map", "figure"), ("inc-seen", "data")],
    # As after a push (a page just opened draws at its first push, not at the render).
    [{"id": "inc-ask", "property": "data", "value": 1}, {"id": "inc-refresh", "property": "data", "value": 0},
     {"id": "inc-sla-tick", "property": "n_intervals", "value": None}]
    + [{"id": f"inc-filter-{f}", "property": "value", "value": None}
       for f in ("status", "category", "severity", "ward", "channel", "sla")]
    + [{"id": ids.INC_SEARCH, "property": "value", "value": None}, {"id": ids.INC_PERIOD, "property": "value", "value": None}],
    [{"id": "inc-seen", "property": "data", "value": None}, {"id": "inc-lang", "property": "data", "value": "vi"}],
    ["inc-ask.data"])


def clicked(button: dict) -> str:
    """A pattern-matching button's changed prop id, as the renderer names it."""
    return json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"


def acknowledge(incident_id: int, action: str = "acknowledge") -> dict:
    """The console's lifecycle action callback as the browser posts it (acknowledge unless told otherwise)."""
    button = {"type": "inc-action", "action": action}
    return callback_body(
        "..inc-message.children...inc-refresh.data..", [("inc-message", "children"), ("inc-refresh", "data")],
        [[{"id": button, "property": "n_clicks", "value": 1}]],
        [{"id": "inc-selected", "property": "data", "value": incident_id},
         {"id": "inc-comment", "property": "value", "value": "kiểm thử"},
         {"id": "inc-units", "property": "value", "value": None},
         {"id": "inc-merge-into", "property": "value", "value": None},
         {"id": "inc-refresh", "property": "data", "value": 0},
         {"id": "inc-lang", "property": "data", "value": "vi"}],
        [clicked(button)])


READ_INCIDENTS = ("admin", "operator", "leader", "analyst")
OPERATE = ("admin", "operator")


@pytest.mark.parametrize("who", PRINCIPALS)
def test_pages_by_role(server, who):
    c = client(server, who)
    expected = {"/": 303 if who == "anonymous" else 200,
                "/incidents": 303 if who == "anonymous" else (200 if who in READ_INCIDENTS else 403),
                "/admin": 303 if who == "anonymous" else (200 if who == "admin" else 403)}
    for path, status in expected.items():
        response = c.get(path)
        assert response.status_code == status, (who, path, response.status_code)
        if status == 303:
            assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("who", PRINCIPALS)
def test_callbacks_by_role(server, who):
    c = client(server, who)
    anon = who == "anonymous"
    assert c.post("/_dash-update-component", json=SHELL).status_code == (401 if anon else 200)
    queue = c.post("/_dash-update-component", json=QUEUE)
    assert queue.status_code == (401 if anon else 200 if who in READ_INCIDENTS else 403), (who, queue.text[:200])

    incident_id = incident(server)
    before = state(server, incident_id)
    response = c.post("/_dash-update-component", json=acknowledge(incident_id))
    after = state(server, incident_id)
    if who in OPERATE:
        assert response.status_code == 200, response.text[:300]
        assert after == ("acknowledged", before[1] + 1)
    else:
        assert response.status_code == (401 if anon else 403)
        assert after == before == ("new", 1)


def unit_state(server: LiveServer, code: str) -> tuple[bool, int]:
    """A response unit's active flag and how many audit entries name it (read by another process)."""
    from data.ingest.audit import AuditProvider
    from data.store.settings import Settings
    from data.wiring.services import Services

    services = Services.create(Settings(data_dir=server.data_dir, demo=False, _env_file=None))
    active = bool(services.incidents.response_units().set_index("code").loc[code, "active"])
    audited = len(AuditProvider(services.engines.main).entries(target=f"unit:{code}"))
    services.engines.dispose()
    return active, audited


def declared(server: LiveServer, input_id: str) -> tuple[dict, list[tuple[str, str]]]:
    """The app's declaration of the callback with an input whose id contains `input_id`, and its outputs (a
    callback sharing an output has a hashed output key, so bodies for it are built from the declaration)."""
    spec = next(d for d in httpx.get(server.url + "/_dash-dependencies").json()
                if any(input_id in i["id"] for i in d["inputs"]))
    return spec, [tuple(o.split(".", 1)) for o in spec["output"].strip(".").split("...")]


def deactivate_unit(server: LiveServer, code: str) -> dict:
    """The admin page's response-unit callback as the browser posts it."""
    spec, outputs = declared(server, "admin-unit-deactivate")
    values = {"admin-unit-deactivate": 1, "admin-units": None, "admin-refresh": 0, "admin-lang": "vi"}
    selected = {("admin-units", "selectedRows"): [{"code": code}]}
    return callback_body(
        spec["output"], outputs,
        [{**i, "value": values.get(i["id"])} for i in spec["inputs"]],
        [{**s, "value": selected.get((s["id"], s["property"]), values.get(s["id"]))} for s in spec["state"]],
        ["admin-unit-deactivate.n_clicks"])


@pytest.mark.parametrize("who", PRINCIPALS)
def test_unit_admin_callback_by_role(server, who):
    code = "MT-02" if who == "admin" else "MT-03"  # the refused ones try a unit that is still active
    before = unit_state(server, code)
    assert before[0]
    response = client(server, who).post("/_dash-update-component", json=deactivate_unit(server, code))
    after = unit_state(server, code)
    if who == "admin":
        assert response.status_code == 200, response.text[:300]
        assert after == (False, before[1] + 1)
    else:
        assert response.status_code == (401 if who == "anonymous" else 403), (who, response.text[:200])
        assert after == before


def test_unknown_and_malformed_callbacks_are_refused(server):
    c = server.login("u_admin", PASSWORD)
    assert c.post("/_dash-update-component", json={"output": "nope.children", "inputs": []}).status_code == 403
    assert c.post("/_dash-update-component", content=b"not json",
                  headers={"content-type": "application/json"}).status_code == 400
    # Shapes the renderer never sends (Dash itself would answer 500): a list for one output, an object for several.
    one = {**SHELL, "output": "wall-alarms.data", "outputs": [{"id": "wall-alarms", "property": "data"}]}
    several = {**SHELL, "outputs": {"id": "shell-nav", "property": "children"}}
    for body in (one, several, {**SHELL, "inputs": "url"}):
        assert c.post("/_dash-update-component", json=body).status_code == 400


def trail(server: LiveServer, incident_id: int) -> tuple[tuple[str, int], int]:
    """An incident's status and event count, and how many audit entries name it."""
    from data.ingest.audit import AuditProvider
    from data.store.settings import Settings
    from data.wiring.services import Services

    services = Services.create(Settings(data_dir=server.data_dir, demo=False, _env_file=None))
    audited = len(AuditProvider(services.engines.main).entries(target=f"incident:{incident_id}"))
    services.engines.dispose()
    return state(server, incident_id), audited


def malformed(incident_id: int) -> dict[str, dict]:
    """Bodies of the lifecycle action callback that its page never sends."""
    body = acknowledge(incident_id)
    button = body["inputs"][0][0]
    return {
        "unknown action": acknowledge(incident_id, "launch"),
        "no state": {k: v for k, v in body.items() if k != "state"},
        "a state too few": {**body, "state": body["state"][:-1]},
        "state not a list": {**body, "state": {"id": "inc-selected", "property": "data", "value": incident_id}},
        "no inputs": {k: v for k, v in body.items() if k != "inputs"},
        "pattern input not a list": {**body, "inputs": [button]},
        "pattern id without its key": {**body, "inputs": [[{**button, "id": {"type": "inc-action"}}]]},
        "pattern id of another type": {**body, "inputs": [[{**button, "id": {"type": "x", "action": "reopen"}}]]},
        "an input of another property": {**body, "inputs": [[{**button, "property": "children"}]]},
        "a state of another component": {**body, "state": [{**body["state"][0], "id": "admin-lang"},
                                                            *body["state"][1:]]},
        "an entry without a property": {**body, "state": [{"id": "inc-selected", "value": incident_id},
                                                          *body["state"][1:]]},
        "changedPropIds not a list": {**body, "changedPropIds": body["changedPropIds"][0]},
        "changedPropIds of numbers": {**body, "changedPropIds": [1]},
        "no outputs": {k: v for k, v in body.items() if k != "outputs"},
        "an output too few": {**body, "outputs": body["outputs"][:1]},
    }


def acknowledge_alert(server: LiveServer, alert_id) -> dict:
    """The alerts panel's acknowledge button as the browser posts it."""
    spec, outputs = declared(server, '"type":"alert-ack"')
    button = {"type": "alert-ack", "id": alert_id}
    return callback_body(spec["output"], outputs, [[{"id": button, "property": "n_clicks", "value": 1}], []],
                         [{"id": "alert-comment", "property": "value", "value": "kiểm thử"},
                          {"id": "inc-refresh", "property": "data", "value": 0},
                          {"id": "inc-lang", "property": "data", "value": "vi"}], [clicked(button)])


def test_malformed_callback_bodies_are_refused_and_change_nothing(server):
    c = client(server, "operator")
    incident_id = incident(server)
    before = trail(server, incident_id)
    answers = {name: c.post("/_dash-update-component", json=body).status_code
               for name, body in malformed(incident_id).items()}
    assert answers == dict.fromkeys(answers, 400)
    assert c.post("/_dash-update-component", json=acknowledge_alert(server, "1; drop")).status_code == 400
    assert trail(server, incident_id) == before == (("new", 1), 1)
    # The well-formed body still works.
    assert c.post("/_dash-update-component", json=acknowledge(incident_id)).status_code == 200
    assert trail(server, incident_id)[0] == ("acknowledged", 2)


def test_disabled_user_and_revoked_token_lose_access_at_once(server):
    server.add_user("u_temp", "operator", PASSWORD)
    c = server.login("u_temp", PASSWORD)
    assert c.post("/_dash-update-component", json=SHELL).status_code == 200
    server.users("disable", "u_temp")
    assert c.post("/_dash-update-component", json=SHELL).status_code == 401
    assert httpx.post(server.url + "/login", data={"username": "u_temp", "password": PASSWORD}).status_code == 401

    token = server.display_token("wall-revoke")
    d = httpx.Client(base_url=server.url)
    assert d.get(f"/?token={token}").status_code == 303 and d.get("/").status_code == 200
    server.users("display-token", "revoke", "wall-revoke")
    assert d.get("/").status_code == 303
    assert d.get(f"/?token={token}").status_code == 401


def test_session_cookie_flags_and_login_rate_limit(server):
    response = httpx.post(server.url + "/login", data={"username": "u_leader", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "u_leader" not in cookie
    assert httpx.post(server.url + "/login", data={"username": "u_leader", "password": PASSWORD,
                                                   "next": "https://evil.example/"}).headers["location"] == "/kpi"
    # (never the other site: the leader's own landing page instead)
    codes = [httpx.post(server.url + "/login", data={"username": "u_analyst", "password": f"guess-{i}"}).status_code
             for i in range(6)]
    assert codes == [401] * 5 + [429]
    # Even the right password waits once an account is under attack; other accounts are not affected.
    assert httpx.post(server.url + "/login", data={"username": "u_analyst", "password": PASSWORD}).status_code == 429
    assert httpx.post(server.url + "/login", data={"username": "u_operator", "password": PASSWORD}).status_code == 303


def _ws(server: LiveServer, c: httpx.Client):
    cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    headers = {"Origin": server.url, **({"Cookie": cookie} if cookie else {})}
    return connect(server.url.replace("http", "ws") + "/_dash-ws-callback", additional_headers=headers,
                   open_timeout=10)


def test_websocket_callbacks_need_the_role(server):
    with pytest.raises(InvalidStatus) as refused:
        _ws(server, client(server, "anonymous"))
    assert refused.value.response.status_code == 401

    incident_id = incident(server)
    message = {"type": "callback_request", "requestId": "r1", "rendererId": "x", "payload": acknowledge(incident_id)}
    with pytest.raises(ConnectionClosed) as closed, _ws(server, client(server, "leader")) as ws:
        ws.send(json.dumps(message))
        ws.recv(timeout=10)
    assert closed.value.rcvd.code == 4003
    assert state(server, incident_id) == ("new", 1)
