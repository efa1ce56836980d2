/* Browser-side callbacks (clocks, rotation, timers). Loaded as an asset, so every page has them however
   it was reached (a redirect after login included); callbacks name them with ClientsideFunction("cityops", …). */
window.dash_clientside = window.dash_clientside || {};

// The wall's map zoom: the city view fitted for a 1080-line screen, one step in per doubling of the screen.
function wallZoom(config) {
    return config.view.zoom + Math.log2(Math.max(window.innerHeight, 540) / 1080);
}

window.dash_clientside.cityops = {
    // Header clock in the city's time zone.
    shellClock: function(_n, lang) {
        const fmt = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
            timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit',
            weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric'});
        return fmt.format(new Date());
    },

    // The server found this screen's user disabled or its display token revoked: reload, which lands on login.
    accessRevoked: function(state) {
        if (state === 'revoked') { window.location.reload(); }
    },

    // Incident detail: the SLA countdown, every second.
    slaCountdown: function(_n, clock) {
        if (!clock) { return ''; }
        const left = Math.round((clock.due_ms - Date.now()) / 1000);
        const a = Math.abs(left), d = Math.floor(a / 86400), h = Math.floor((a % 86400) / 3600);
        const m = Math.floor((a % 3600) / 60), s = a % 60;
        // Under a day a running clock (H:MM:SS); a day or more in days and hours, words from the catalog.
        const span = d ? (d === 1 ? clock.dh1 : clock.dh.replace('{d}', d)).replace('{h}', h)
                       : (h ? h + ':' : '') + String(m).padStart(2, '0') + ':' + String(s).padStart(2, '0');
        return (left >= 0 ? clock.left : clock.over).replace('{span}', span);
    },

    // Incident console: a click on an incident selects it (Dash's clickData, which `select_incident` ignores in
    // "new incident" mode); in that mode (operators) a click anywhere places the new incident.
    bindIncidentMap: function(_figure, canAct) {
        if (window.cityopsRestoreQueueWidth) { window.cityopsRestoreQueueWidth(); }
        if (!canAct) { return window.dash_clientside.no_update; }
        // The MapLibre map exists some time after the figure arrives: try again until it does.
        const bind = function(tries) {
            const gd = document.querySelector('#incidents-map .js-plotly-plot');
            const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
            if (!sub || !sub.map) {
                if (tries < 150) { setTimeout(function() { bind(tries + 1); }, 200); }
                return;
            }
            if (gd._cityopsClickMap === sub.map) { return; }
            gd._cityopsClickMap = sub.map;
            sub.map.on('click', function(e) {
                const root = document.getElementById('inc-root');
                if (!root || !root.classList.contains('creating')) { return; }
                window.dash_clientside.set_props('inc-map-click',
                    {data: {lat: +e.lngLat.lat.toFixed(6), lon: +e.lngLat.lng.toFixed(6)}});
            });
            window.dash_clientside.set_props('inc-map-bound', {children: 'bound'});
        };
        bind(0);
        return window.dash_clientside.no_update;
    },

    // Incident console: "+ New incident" shows the form and makes map clicks places; cancel or a selection
    // (the created incident is selected) shows the detail again.
    incidentMode: function(_new, _cancel, _selected, canAct) {
        const trigger = (dash_clientside.callback_context.triggered[0] || {}).prop_id || '';
        const creating = !!canAct && trigger.startsWith('inc-new.');
        return [creating ? 'create' : 'view', 'incidents' + (creating ? ' creating' : ''), creating, !creating];
    },

    // Incident console: ring the selected incident (the figure's third trace) and pan to it when out of view.
    markSelectedIncident: function(point) {
        const ring = new dash_clientside.Patch();
        ring.assign(['data', 2, 'lat'], point ? [point.lat] : []).assign(['data', 2, 'lon'], point ? [point.lon] : []);
        const gd = document.querySelector('#incidents-map .js-plotly-plot');
        const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        if (point && sub && sub.map && !sub.map.getBounds().contains([point.lon, point.lat])) {
            sub.map.panTo([point.lon, point.lat], {animate: false});
        }
        return ring.build();
    },

    // A page's own gate on the push: pass the pushed version(s) on unless the page already shows them (`seen`: a
    // version, or versions by domain), so the first push after a page drew itself asks the server nothing.
    askIfNew: function(pushed, seen) {
        if (pushed === null || pushed === undefined) { return dash_clientside.no_update; }
        const versions = (pushed && pushed.versions) || pushed;
        const shown = typeof versions === 'object'
            ? !!seen && Object.keys(seen).every((d) => seen[d] === versions[d])  // the domains the page shows
            : versions === seen;
        return shown ? dash_clientside.no_update : pushed;
    },

    // Wall: ask the server for a pushed version (of a domain, or of all) once; nothing before the first push.
    wallAsk: function(version, asked) {
        if (version === null || version === undefined || JSON.stringify(version) === JSON.stringify(asked)) {
            return dash_clientside.no_update;
        }
        return version;
    },

    // Wall clock and date.
    wallClock: function(_n, config) {
        if (!config) { return [dash_clientside.no_update, dash_clientside.no_update]; }
        const now = new Date();
        const locale = config.lang === 'en' ? 'en-GB' : 'vi-VN';
        const opts = {timeZone: config.zone};
        const time = now.toLocaleTimeString(locale, {...opts, hour: '2-digit', minute: '2-digit', second: '2-digit',
                                                      hour12: false});
        const date = now.toLocaleDateString(locale, {...opts, weekday: 'long', day: '2-digit', month: '2-digit',
                                                     year: 'numeric'});
        return [time, date];
    },

    // Wall: scene rotation and alarm takeover, one state machine advanced every second.
    wallRotation: function(_n, alarms, config, state, seen) {
        const nu = dash_clientside.no_update;
        // Outputs: state, seen, one class per scene (config.scene_names), title, banner hidden/title/message/since,
        // the overview map.
        if (!config) { throw window.dash_clientside.PreventUpdate; }
        const scenes = config.scene_names;
        const now = Date.now() / 1000;
        alarms = alarms || [];
        const ids = new Set(alarms.map(a => a.id));
        const seenIds = (seen || []).filter(id => ids.has(id));
        let seenChanged = (seen || []).length !== seenIds.length;
        // One step at most per call, so every scene is shown even when a tick comes late on a busy screen;
        // a takeover keeps the scene's elapsed time and resumes it afterwards.
        const st = state && state.started ? {...state} : {index: 0, started: now, takeover: null, shown: null};
        const list = config.scenes;
        if (st.takeover && now >= st.takeover.until) {
            st.started = now - st.takeover.elapsed;
            st.takeover = null;
        }
        if (!st.takeover && config.takeover_s > 0) {
            const next = alarms.find(a => !seenIds.includes(a.id));
            if (next) {
                st.takeover = {alarm: next, until: now + config.takeover_s, elapsed: now - st.started};
                seenIds.push(next.id);
                seenChanged = true;
            }
        }
        if (!st.takeover && now - st.started >= (config.dwell[list[st.index]] || 30)) {
            st.index = (st.index + 1) % list.length;
            st.started = now;
        }
        const index = st.index;
        const scene = st.takeover ? 'overview' : list[index];
        const alarmId = st.takeover ? st.takeover.alarm.id : null;
        const shown = scene + '|' + alarmId;
        const stateOut = JSON.stringify(st) === JSON.stringify(state) ? nu : st;
        const seenOut = seenChanged ? seenIds : nu;
        if (state && state.shown === shown) {
            return [stateOut, seenOut, ...Array(scenes.length + 6).fill(nu)];
        }
        st.shown = shown;
        const classes = scenes.map(s => 'wall-scene wall-' + s + (s === scene ? ' active' : ''));
        const a = st.takeover ? st.takeover.alarm : null;
        const map = new dash_clientside.Patch();
        const place = a && a.place;
        map.assign(['layout', 'map', 'center'], place ? place : config.view.center);
        map.assign(['layout', 'map', 'zoom'], place ? 14.5 + wallZoom(config) - config.view.zoom : wallZoom(config));
        map.assign(['data', config.focus_trace, 'lat'], place ? [place.lat] : []);
        map.assign(['data', config.focus_trace, 'lon'], place ? [place.lon] : []);
        return [st, seenIds, ...classes, config.titles[scene], !a,
                a ? a.title : '', a ? a.message : '', a ? a.since : '', map.build()];
    },

    // Wall camera scene: turn the tile pages.
    wallCameraPages: function(_n, pages, rotation, config, shown) {
        const nu = dash_clientside.no_update;
        // Tiles load their snapshots when rendered: only while the camera scene is on screen.
        const onScreen = rotation && rotation.shown && rotation.shown.startsWith('cameras|');
        if (!config || !pages || !pages.length || !onScreen) { return [nu, nu, nu]; }
        const page = Math.floor(Date.now() / 1000 / config.cam_dwell_s) % pages.length;
        const fresh = dash_clientside.callback_context.triggered.some(t => t.prop_id !== 'clock-tick.n_intervals');
        if (!fresh && shown === page) { return [nu, nu, nu]; }
        const counter = (config.cam_page || '{n}/{total}').replace('{n}', page + 1).replace('{total}', pages.length);
        return [pages[page], counter, page];
    },

    // Wall: the 'data unavailable since HH:MM' banner from the pushed availability.
    wallUnavailable: function(live, config) {
        if (!config || !live || live.available !== false) { return ['', true]; }
        const since = live.unavailable_since ? new Date(live.unavailable_since * 1000) : new Date();
        const hhmm = since.toLocaleTimeString('en-GB', {timeZone: config.zone, hour: '2-digit', minute: '2-digit',
                                                         hour12: false});
        return [config.unavailable.replace('{since}', hhmm), false];
    },

    // Every page: the same banner under the header, in the page's language.
    shellUnavailable: function(live, lang, words) {
        if (!words) { return ['', true]; }
        const config = {zone: words.zone, unavailable: words.unavailable[lang] || words.unavailable.vi};
        return window.dash_clientside.cityops.wallUnavailable(live, config);
    },

    // Wall: keep chart text at 2.2 % of the screen height.
    // Outputs: the size seen, then config.chart_count charts, then config.map_count maps.
    wallTextScale: function(_n, size, config) {
        const h = window.innerHeight;
        if (!config || size === h) { throw window.dash_clientside.PreventUpdate; }
        const px = Math.max(14, Math.round(h * 0.022));
        const text = () => new dash_clientside.Patch()
            .assign(['layout', 'font', 'size'], px).assign(['layout', 'legend', 'font', 'size'], px)
            .assign(['layout', 'xaxis', 'ticklabelstandoff'], Math.round(px * config.tick_standoff)).build();
        // The city view was fitted to the map panel of a 1080-line screen: zoom in as the screen grows.
        const zoom = () => new dash_clientside.Patch().assign(['layout', 'map', 'zoom'], wallZoom(config)).build();
        return [h, ...Array.from({length: config.chart_count}, text), ...Array.from({length: config.map_count}, zoom)];
    },
};

// Names and badges on the offline maps, as HTML over the canvas, placed with the map's own projection and moved
// with it. HTML text renders every Vietnamese diacritic with the page's font (no glyph server), and is sized with
// the screen like the rest of the page.
// - Names: every Plotly map whose layout.meta carries `labels` ({text, kind, lon, lat, at}).
// - Badges: every point trace whose meta carries `badge` (its shape), `labels` and maybe `ink` (layouts.map.badges),
//   drawn over the trace's own points, which still take the clicks and hovers.
(function () {
    function layerOf(box, name) {
        let layer = box.querySelector(':scope > .' + name);
        if (!layer) {
            layer = document.createElement('div');
            layer.className = name;
            box.appendChild(layer);
        }
        return layer;
    }
    function sizeOf(span) {  // measured once it has a size (fonts may still be loading), again as the screen grows
        if (!span._w || span._measuredAt !== window.innerHeight) {
            span._w = span.offsetWidth; span._h = span.offsetHeight; span._measuredAt = window.innerHeight;
        }
        return [span._w || 0, span._h || 0];
    }
    function badgeTraces(gd) {
        return (gd.data || []).filter((tr) => tr.meta && tr.meta.badge && tr.visible !== false);
    }
    function buildBadges(layer, traces) {
        const spans = [];
        for (const tr of traces) {
            const colors = tr.marker && tr.marker.color, labels = tr.meta.labels || [], ink = tr.meta.ink;
            (tr.lon || []).forEach(function (lon, i) {
                const span = document.createElement('span');
                span.className = 'map-badge map-badge-' + tr.meta.badge + ' map-badge-' + tr.meta.badge + '-' + labels[i];
                const fill = Array.isArray(colors) ? colors[i] : colors;
                if (tr.meta.badge === 'incident') {
                    const sign = document.createElement('i');
                    sign.style.background = fill;
                    const text = document.createElement('b');
                    text.textContent = labels[i];
                    span.append(sign, text);
                } else {
                    span.textContent = labels[i];
                    span.style.background = fill;
                    if (ink) { span.style.color = ink[i]; }
                }
                span._lngLat = [lon, tr.lat[i]];
                spans.push(span);
            });
        }
        layer.replaceChildren(...spans);
    }
    function place(map, span, at) {
        const p = map.project(at);
        span.style.transform = 'translate(' + p.x.toFixed(1) + 'px, ' + p.y.toFixed(1) + 'px) translate(-50%, -50%)';
        return p;
    }
    function placeAll(gd) {
        const full = gd._fullLayout;
        const subplot = full && full.map && full.map._subplot;
        if (!subplot || !subplot.map) { return; }
        const labels = full.meta && full.meta.labels, traces = badgeTraces(gd);
        if (!labels && !traces.length) { return; }
        const map = subplot.map, box = map.getContainer();
        const width = box.clientWidth, height = box.clientHeight;
        const inside = (p) => p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height;
        const within = (r) => r.x0 >= 0 && r.y0 >= 0 && r.x1 <= width && r.y1 <= height;  // a name wholly on the map
        // Badges first: data is always shown. Their boxes are kept so that names of lines move off them.
        const badgeLayer = layerOf(box, 'map-badges'), marks = [];
        if (traces.length !== (badgeLayer._traces || []).length || traces.some((tr, i) => tr !== badgeLayer._traces[i])) {
            buildBadges(badgeLayer, traces);
            badgeLayer._traces = traces;
        }
        for (const span of badgeLayer.children) {
            const p = place(map, span, span._lngLat), [w, h] = sizeOf(span);
            span.style.visibility = inside(p) ? '' : 'hidden';  // '' inherits: a hidden wall scene hides them
            marks.push({x0: p.x - w / 2, x1: p.x + w / 2, y0: p.y - h / 2, y1: p.y + h / 2});
        }
        if (!labels) { return; }
        const layer = layerOf(box, 'map-labels');
        if (layer._labels !== labels) {
            layer.replaceChildren(...labels.map(function (label) {
                const span = document.createElement('span');
                span.className = 'map-label map-label-' + label.kind;
                span.textContent = label.text;
                span._places = label.at || [[label.lon, label.lat]];
                span._kind = label.kind;
                return span;
            }));
            layer._labels = labels;
        }
        // Each name claims its box in order (wards first) at the first of its places off names and badges; a
        // ward's name falls back to the place that covers the least of the badges (an area is always named), a
        // line's name stays hidden.
        const taken = [];
        const overlaps = (r, boxes) => boxes.some((t) => r.x0 < t.x1 && t.x0 < r.x1 && r.y0 < t.y1 && t.y0 < r.y1);
        const overlapArea = (r, boxes) => boxes.reduce((sum, t) => sum + Math.max(0, Math.min(r.x1, t.x1) - Math.max(r.x0, t.x0))
            * Math.max(0, Math.min(r.y1, t.y1) - Math.max(r.y0, t.y0)), 0);
        for (const span of layer.children) {
            const [w, h] = sizeOf(span), gap = 4;
            const boxAt = (at) => {
                const p = map.project(at);
                return {p: p, r: {x0: p.x - w / 2 - gap, x1: p.x + w / 2 + gap, y0: p.y - h / 2 - gap, y1: p.y + h / 2 + gap}};
            };
            let placed = null;
            for (const at of span._places) {
                const b = boxAt(at);
                if (within(b.r) && !overlaps(b.r, taken) && !overlaps(b.r, marks)) { placed = {at: at, r: b.r}; break; }
            }
            if (!placed && span._kind === 'ward') {  // the place that covers the least of the badges
                let least = Infinity;
                for (const at of span._places) {
                    const b = boxAt(at), covered = overlapArea(b.r, marks);
                    if (inside(b.p) && !overlaps(b.r, taken) && covered < least) { placed = {at: at, r: b.r}; least = covered; }
                }
            }
            span.style.visibility = placed ? '' : 'hidden';
            if (!placed) { continue; }
            taken.push(placed.r);
            place(map, span, placed.at);
        }
    }
    // Lines (roads, rivers, boundaries) and dots (cameras) are drawn in pixels: widen them with the screen as text
    // grows (a 1080-line screen draws them as the figure says). Plotly sets a layer's paint again on each update:
    // what differs from what was last set here is the new base; a resize scales the kept base again.
    const SCALED_PAINT = {line: 'line-width', circle: 'circle-radius'};
    function scaledPaint(base, scale) {
        if (scale === 1) { return base; }
        if (typeof base === 'number') { return Math.round(base * scale * 10) / 10; }
        if (Array.isArray(base)) { return ['*', base, scale]; }  // an expression
        if (base && base.type === 'identity' && base.property) { return ['*', ['get', base.property], scale]; }
        return base;  // a kind of value this does not know: as the figure says
    }
    // The style is parsed (its layers can be set) long before isStyleLoaded(), which also waits for every tile and
    // every source update: on a live wall that can be false for many seconds in a row.
    const styleParsed = (map) => Boolean(map.getLayersOrder && map.style && map.style._loaded);
    function scaleMarks(map) {
        if (!styleParsed(map)) { return; }
        const scale = Math.max(1, window.innerHeight / 1080);
        const kept = map._cityopsPaint = map._cityopsPaint || {};
        for (const id of map.getLayersOrder()) {  // ids only: the style's sources are not copied
            const layer = map.getLayer(id), prop = layer && SCALED_PAINT[layer.type];
            if (!prop || !id.startsWith('plotly-')) { continue; }
            const now = map.getPaintProperty(id, prop), text = JSON.stringify(now);
            if (now === undefined) { continue; }
            let paint = kept[id];
            if (!paint || text !== paint.set) { paint = kept[id] = {base: now}; }
            const want = scaledPaint(paint.base, scale), wanted = JSON.stringify(want);
            paint.set = wanted;
            if (wanted !== text) { map.setPaintProperty(id, prop, want); }
        }
    }
    // Chart lines on the wall, likewise: each trace's line (and its legend sample) as wide as the figure says
    // times the screen's height over 1080, set again after redraws (Plotly draws the figure's width).
    function scaleLines(gd) {
        const scale = Math.max(1, window.innerHeight / 1080);
        gd.querySelectorAll('.scatterlayer .trace, .legend .traces').forEach(function (group) {
            const datum = group.__data__, cd = Array.isArray(datum[0]) ? datum[0] : datum;
            const width = cd && cd[0] && cd[0].trace && cd[0].trace.line && cd[0].trace.line.width;
            if (!width) { return; }
            const wanted = (width * scale) + 'px';
            group.querySelectorAll('path.js-line, .legendlines path').forEach(function (path) {
                if (path.style.strokeWidth !== wanted) { path.style.strokeWidth = wanted; }
            });
        });
    }
    function bind(gd) {
        const chart = gd._fullLayout && !gd._fullLayout.map;  // a map's lines are its style's (scaleMarks)
        if (chart && gd.closest('.wall')) {
            scaleLines(gd);  // every second too: not every redraw of a part (the legend on a resize) fires afterplot
            if (!gd._cityopsLines) {
                gd._cityopsLines = true;
                gd.on('plotly_afterplot', function () { scaleLines(gd); });
            }
        }
        placeAll(gd);
        const full = gd._fullLayout, map = full && full.map && full.map._subplot && full.map._subplot.map;
        if (map) { scaleMarks(map); }
        if (map && map._cityopsOverlay !== gd) {
            map._cityopsOverlay = gd;
            map.on('move', function () { placeAll(gd); });
            map.on('resize', function () { placeAll(gd); scaleMarks(map); });
            map.on('styledata', function () { scaleMarks(map); });
            gd.on('plotly_afterplot', function () { placeAll(gd); scaleMarks(map); });  // new data: badges at once
        }
    }
    // Maps come and go with pages and scenes: look for new ones every second (cheap: a few maps per page).
    // A plot whose binding fails must not keep the plots after it from being bound: its error is still reported.
    setInterval(function () {
        document.querySelectorAll('.js-plotly-plot').forEach(function (gd) {
            try { bind(gd); } catch (error) { setTimeout(function () { throw error; }); }
        });
    }, 1000);
})();

// Incident queue: the title with when, what and where on a second line (one column instead of three).
window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {};
window.dashAgGridComponentFunctions.IncidentSummary = function (props) {
    const row = props.data || {};
    return React.createElement('div', {className: 'inc-summary'},
        React.createElement('div', {className: 'inc-summary-title'}, row.title),
        React.createElement('div', {className: 'inc-summary-where'}, row.where_when));
};

// Incident console: drag the gutter between the queue and the map to give either more room (kept per browser).
(function () {
    const KEY = 'cityops.queueWidth';
    function apply(body, px) { body.style.setProperty('--queue-width', px + 'px'); }
    function resizeMap() {
        const gd = document.querySelector('#incidents-map .js-plotly-plot');
        if (gd && window.Plotly) { window.Plotly.Plots.resize(gd); }
    }
    document.addEventListener('pointerdown', function (e) {
        const gutter = e.target.closest && e.target.closest('#inc-split');
        if (!gutter) { return; }
        const body = gutter.parentElement, left = body.getBoundingClientRect().left;
        const total = body.clientWidth;
        gutter.classList.add('dragging');
        gutter.setPointerCapture(e.pointerId);
        const move = function (ev) {
            apply(body, Math.round(Math.min(Math.max(ev.clientX - left, total * 0.2), total * 0.55)));
        };
        const up = function () {
            gutter.classList.remove('dragging');
            gutter.removeEventListener('pointermove', move);
            gutter.removeEventListener('pointerup', up);
            localStorage.setItem(KEY, body.style.getPropertyValue('--queue-width'));
            resizeMap();
        };
        gutter.addEventListener('pointermove', move);
        gutter.addEventListener('pointerup', up);
        e.preventDefault();
    });
    // A console opened again keeps the width its operator chose (called when its map's figure arrives).
    window.cityopsRestoreQueueWidth = function () {
        const body = document.querySelector('.incidents-body'), kept = localStorage.getItem(KEY);
        if (body && kept) { body.style.setProperty('--queue-width', kept); }
    };
})();
