/* standoff map page: layers, popups, legend, date slider and geodesic measuring.
 * Everything from the data is untrusted text: it reaches the page through textContent only. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("standoff-data").textContent);
  var COLORS = DATA.colors;
  var RANK = { violation: 3, possible: 2, compliant: 1, not_applicable: 0 };
  var LABELS = { violation: "violation", possible: "possible", compliant: "compliant",
                 not_applicable: "not applicable" };
  var STATUSES = ["violation", "possible", "compliant", "not_applicable"];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function panel(cls) {  // a control's box: clicks and scrolls on it do not reach the map
    var box = el("div", "so-panel " + cls);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  }

  var MEASURE = window.StandoffMeasure;
  var geodesicDistance = MEASURE.geodesicDistance, km = MEASURE.km;

  function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000); }
  function isoOf(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  function validAt(props, day) {
    var from = props && props.valid_from, to = props && props.valid_to;
    /* an end with a time of day after midnight ("2020-03-20T12:00+02:00") keeps its day */
    var endDay = to && dayNumber(String(to).slice(0, 10)) + (/T(?!00:00(:00)?([Z+-]|$))/.test(String(to)) ? 1 : 0);
    return (!from || dayNumber(String(from).slice(0, 10)) <= day) && (!to || day < endDay);
  }

  /* ---- the map and its panes (lowest first) ---- */
  var map = L.map("map", { zoomSnap: 0.25, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Leaflet (BSD-2) | Natural Earth (public domain) | standoff");
  [["so-basemap", 250], ["so-zones", 400], ["so-features", 450], ["so-uncertainty", 500],
   ["so-places", 550], ["so-observations", 620]].forEach(function (p) {
    map.createPane(p[0]).style.zIndex = p[1];
  });
  var b = DATA.bbox;
  map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);

  var titleBox = add(document.body, el("h1", "so-title", DATA.title));
  titleBox.setAttribute("aria-hidden", "true");

  /* basemap: Natural Earth polygons; their edges are borders and coasts */
  var basemap = L.geoJSON(DATA.basemap, {
    pane: "so-basemap", interactive: false,
    style: { color: "#7a7a7a", weight: 1, fillColor: "#f3f0e8", fillOpacity: 1 }
  }).addTo(map);
  /* optional online tiles: off by default, never requested unless switched on */
  var tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "tiles: OpenStreetMap contributors"
  });

  /* every layer that depends on the date: {layer, group, props} */
  var dated = [];
  function track(layer, group, props) { dated.push({ layer: layer, group: group, props: props }); }

  /* ---- reference features ---- */
  function labelPoint(g) {  /* the middle vertex of a line, or of an area's outer ring */
    if (!g) { return null; }
    var c = g.type === "LineString" ? g.coordinates : g.type === "MultiLineString" ? g.coordinates[0]
      : g.type === "Polygon" ? g.coordinates[0] : g.type === "MultiPolygon" ? g.coordinates[0][0] : null;
    if (!c || !c.length) { return null; }
    var v = c[Math.floor(c.length / 2)];
    return L.latLng(v[1], v[0]);
  }
  var featureGroup = L.layerGroup().addTo(map);
  (DATA.features.features || []).forEach(function (f) {
    var p = f.properties || {};
    var isTheatre = (p.id || p.feature_id) === DATA.pack.theatre;
    var area = f.geometry && /Polygon/.test(f.geometry.type);
    var layer = L.geoJSON(f, {
      pane: "so-features",
      style: isTheatre ? { color: "#555", weight: 1, dashArray: "6 4", fill: false }
        : area ? { color: "#2b5d8a", weight: 1, fillColor: "#6fa8dc", fillOpacity: 0.25 }
          : { color: "#1c1c1c", weight: 2.2 },
      pointToLayer: function (feat, ll) { return L.circleMarker(ll, { radius: 3, pane: "so-features" }); }
    });
    var name = p.name || p.id || p.feature_id || "";
    if (name && !isTheatre && f.geometry && f.geometry.type !== "Point") {
      var label = el("span", null, name + (p.version ? " (" + p.version + ")" : ""));
      layer.bindTooltip(label, { sticky: true, className: "so-feature-label" });
      var at = labelPoint(f.geometry);
      if (at) {  /* a permanent label on the line itself, so a printout says what it is */
        var tag = L.tooltip({ permanent: true, direction: "center", className: "so-feature-label",
                              interactive: false }).setLatLng(at).setContent(el("span", null, name));
        track(tag, featureGroup, p);
      }
    }
    track(layer, featureGroup, p);
  });

  /* ---- gazetteer places; labels appear as one zooms in (capitals first, villages last) ---- */
  var LABEL_ZOOM = { capital: 0, city: 7, town: 9, base: 9, airport: 9, mountain: 9, region: 9,
                     crossing: 10, village: 10 };
  var placeGroup = L.layerGroup().addTo(map);
  var placeMarkers = [];
  (DATA.places || []).forEach(function (pl) {
    var m = L.circleMarker([pl.lat, pl.lon], {
      pane: "so-places", radius: pl.kind === "capital" || pl.kind === "city" ? 3.5 : 2.5,
      color: "#222", weight: 1, fillColor: "#fff", fillOpacity: 1, className: "so-place",
      interactive: false
    });
    m.bindTooltip(el("span", null, pl.name), { permanent: true, direction: "right",
      className: "so-place-label so-place-" + String(pl.kind).replace(/[^a-z_]/g, ""),
      offset: [4, 0] });
    placeGroup.addLayer(m);
    placeMarkers.push({ marker: m, zoom: pl.kind in LABEL_ZOOM ? LABEL_ZOOM[pl.kind] : 10 });
  });
  function placeLabels() {
    var z = map.getZoom();
    placeMarkers.forEach(function (p) {
      if (z >= p.zoom) { p.marker.openTooltip(); } else { p.marker.closeTooltip(); }
    });
  }
  map.on("zoomend", placeLabels);
  placeLabels();

  /* ---- agreements' forbidden zones, one group per agreement ---- */
  var agreementGroups = {};
  var agreementVisible = {};
  function zonePopup(ag, p) {
    var box = el("div", "so-popup");
    add(box, el("h4", null, ag.title));
    var dl = add(box, el("dl"));
    [["clause", p.clause_id], ["kind", p.kind], ["actor", p.actor], ["zone", p.description],
     ["valid", (p.valid_from || "…") + " to " + (p.valid_to || "…")]].forEach(function (row) {
      if (row[1] === undefined || row[1] === null || row[1] === "") { return; }
      add(dl, el("dt", null, row[0]));
      add(dl, el("dd", null, Array.isArray(row[1]) ? row[1].join(", ") : row[1]));
    });
    if (p.quote) { add(box, el("blockquote", null, p.quote)); }
    return box;
  }
  DATA.agreements.forEach(function (ag) {
    var group = L.layerGroup().addTo(map);
    agreementGroups[ag.id] = group;
    agreementVisible[ag.id] = true;
    (ag.zones.features || []).forEach(function (f) {
      var p = f.properties || {};
      var colour = p.color || ag.color;  /* the clause's own colour when coloured by clause */
      var layer = L.geoJSON(f, {
        pane: "so-zones",
        style: { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.13,
                 className: "so-zone so-zone-" + ag.id }
      });
      layer.bindPopup(zonePopup(ag, p));
      track(layer, group, p);
    });
  });

  /* ---- observations ---- */
  var obsGroup = L.layerGroup().addTo(map);
  var uncGroup = L.layerGroup().addTo(map);
  var agreementTitle = {};
  DATA.agreements.forEach(function (ag) { agreementTitle[ag.id] = ag.title; });

  function badge(status) {
    var s = el("span", "so-badge", LABELS[status] || status);
    s.style.background = COLORS[status] || "#666";
    return s;
  }
  function obsPopup(o) {
    var box = el("div", "so-popup");
    add(box, el("h4", null, o.actor + (o.actor_name ? " (" + o.actor_name + ")" : "")));
    var dl = add(box, el("dl"));
    function row(k, v) {
      if (v === undefined || v === null || v === "") { return; }
      add(dl, el("dt", null, k));
      return add(dl, el("dd", null, v));
    }
    row("report", o.id);
    row("time", o.time ? o.time + (o.time_end ? " to " + o.time_end : "") : "unknown (checked against every version)");
    row("count", o.count !== null ? o.count + (o.unit ? " " + o.unit : "") : (o.unit || null));
    row("where", o.lat.toFixed(4) + ", " + o.lon.toFixed(4) + (o.radius_m ? " ± " + km(o.radius_m) : ""));
    row("says", o.attribution);
    var src = row("source", o.source);
    if (src && /^https?:\/\//i.test(o.source)) {
      src.textContent = "";
      var a = add(src, el("a", null, o.source));
      a.href = o.source; a.rel = "noopener noreferrer nofollow"; a.target = "_blank";
    }
    if (o.quote) { add(box, el("blockquote", "so-quote", o.quote)); }
    var list = add(box, el("ul"));
    var skipped = 0;
    o.verdicts.forEach(function (v) {
      if (!agreementVisible[v.agreement_id]) { return; }
      if (v.status === "not_applicable") { skipped += 1; return; }
      var li = add(list, el("li"));
      add(li, badge(v.status));
      add(li, el("b", null, (agreementTitle[v.agreement_id] || v.agreement_id) + " · " + v.clause_id));
      var margin = v.margin_m === null ? "margin n/a" : (v.margin_m >= 0 ? "inside by " : "outside by ") +
        km(v.margin_m) + " (± " + km(v.tolerance_m) + ")";
      add(li, el("div", "so-muted", margin + " · " + v.feature_versions));
      add(li, el("div", "so-sentence", v.sentence));
    });
    if (skipped) { add(list, el("li", "so-muted", "not applicable to " + skipped + " clause(s)")); }
    return box;
  }
  function statusOf(o) {
    var worst = "not_applicable";
    o.verdicts.forEach(function (v) {
      if (agreementVisible[v.agreement_id] && RANK[v.status] > RANK[worst]) { worst = v.status; }
    });
    return worst;
  }
  var obsLayers = [];
  DATA.observations.forEach(function (o) {
    var marker = L.circleMarker([o.lat, o.lon], {
      pane: "so-observations", radius: 7, color: "#111", weight: 1.2, fillOpacity: 0.95,
      fillColor: COLORS[o.status], className: "so-obs so-obs-" + o.status
    });
    marker.bindPopup(function () { return obsPopup(o); }, { maxWidth: 360 });
    var unc = null;
    if (o.area && o.area.length > 2) {
      unc = L.polygon(o.area.map(function (c) { return [c[1], c[0]]; }), {
        pane: "so-uncertainty", interactive: false, color: COLORS[o.status], weight: 1,
        dashArray: "3 3", fillOpacity: 0.08, className: "so-unc"
      });
    } else if (o.radius_m > 0) {
      unc = L.circle([o.lat, o.lon], {
        pane: "so-uncertainty", interactive: false, radius: o.radius_m, color: COLORS[o.status],
        weight: 1, dashArray: "3 3", fillOpacity: 0.08, className: "so-unc"
      });
    }
    var entry = { o: o, marker: marker, unc: unc, status: o.status };
    obsLayers.push(entry);
    track(marker, obsGroup, { valid_from: o.time, obs: true });
    if (unc) { track(unc, uncGroup, { valid_from: o.time, obs: true }); }
  });
  function recolour() {
    obsLayers.forEach(function (e) {
      var s = statusOf(e.o);
      var path = e.marker.getElement();
      if (path) {
        path.classList.remove("so-obs-" + e.status);
        path.classList.add("so-obs-" + s);
      }
      e.marker.options.className = "so-obs so-obs-" + s;
      e.marker.setStyle({ fillColor: COLORS[s] });
      if (e.unc) { e.unc.setStyle({ color: COLORS[s] }); }
      e.status = s;
    });
    updateLegend();
  }

  /* ---- date slider: the state at a chosen day ---- */
  var first = dayNumber(DATA.dates[0]), last = dayNumber(DATA.dates[1]);
  var currentDay = last;
  function setDay(day) {
    currentDay = day;
    dated.forEach(function (d) {
      var show = d.props.obs ? (!d.props.valid_from || dayNumber(d.props.valid_from) <= day)
        : validAt(d.props, day);
      if (show && !d.group.hasLayer(d.layer)) { d.group.addLayer(d.layer); }
      if (!show && d.group.hasLayer(d.layer)) { d.group.removeLayer(d.layer); }
    });
    if (sliderLabel) { sliderLabel.textContent = isoOf(day); }
    if (slider && Number(slider.value) !== day) { slider.value = String(day); }
    updateLegend();
  }
  var slider = null, sliderLabel = null;
  var SliderControl = L.Control.extend({
    options: { position: "bottomleft" },
    onAdd: function () {
      var box = panel("so-slider");
      var head = add(box, el("div", "so-row"));
      add(head, el("span", null, "State at"));
      sliderLabel = add(head, el("span", "so-date", isoOf(currentDay)));
      add(head, el("span", "so-count so-muted", DATA.dates[0] + " – " + DATA.dates[1]));
      slider = add(box, el("input"));
      slider.type = "range"; slider.min = String(first); slider.max = String(last);
      slider.step = "1"; slider.value = String(last); slider.id = "so-date-slider";
      slider.setAttribute("aria-label", "date");
      slider.addEventListener("input", function () { setDay(Number(slider.value)); });
      add(box, el("div", "so-muted", "Reports up to this day; zones and lines in force on it."));
      return box;
    }
  });
  new SliderControl().addTo(map);

  /* ---- layer panel and legend ---- */
  var legendCounts = {};
  var overlayToggles = [];
  function checkbox(parent, label, checked, onChange, swatch, id) {
    var lab = add(parent, el("label"));
    var box = add(lab, el("input"));
    box.type = "checkbox"; box.checked = checked;
    if (id) { box.id = id; }
    box.addEventListener("change", function () { onChange(box.checked); });
    if (swatch) { add(lab, swatch); }
    add(lab, el("span", null, label));
    return box;
  }
  function toggleGroup(group) {
    return function (on) { if (on) { group.addTo(map); } else { map.removeLayer(group); } };
  }
  function setAgreementVisible(id, on) {
    agreementVisible[id] = on;
    toggleGroup(agreementGroups[id])(on);
    var box = document.getElementById("so-agreement-" + id);
    if (box && box.checked !== on) { box.checked = on; }
    recolour();
  }
  var Panel = L.Control.extend({
    options: { position: "topright" },
    onAdd: function () {
      var box = panel("so-layers");
      var head = add(box, el("h3", null, "Agreements (forbidden zones) "));
      [["all", true], ["none", false]].forEach(function (choice) {
        var b = add(head, el("button", "so-link", choice[0]));
        b.type = "button"; b.id = "so-agreements-" + choice[0];
        b.addEventListener("click", function () {
          DATA.agreements.forEach(function (ag) { setAgreementVisible(ag.id, choice[1]); });
        });
      });
      DATA.agreements.forEach(function (ag) {
        var sw = el("span", "so-swatch"); sw.style.background = ag.color;
        var cb = checkbox(box, ag.title + " [" + ag.status + "]", true, function (on) {
          setAgreementVisible(ag.id, on);
        }, sw, "so-agreement-" + ag.id);
        cb.dataset.agreement = ag.id;
      });
      if (DATA.colour_by === "clause" && DATA.clause_colours.length) {
        add(box, el("h3", null, "Zones by clause"));
        DATA.clause_colours.forEach(function (c) {
          var row = add(box, el("div", "so-row so-legend-clause"));
          var sw = add(row, el("span", "so-swatch")); sw.style.background = c.color;
          add(row, el("span", null, c.label));
        });
      }
      add(box, el("h3", null, "Layers"));
      overlayToggles.push(checkbox(box, "Reports", true, toggleGroup(obsGroup), null, "so-toggle-obs"));
      overlayToggles.push(checkbox(box, "Uncertainty circles", true, toggleGroup(uncGroup), null, "so-toggle-unc"));
      checkbox(box, "Reference lines and areas", true, toggleGroup(featureGroup), null, "so-toggle-features");
      checkbox(box, "Places", true, toggleGroup(placeGroup), null, "so-toggle-places");
      checkbox(box, "Online tiles (needs network)", false, function (on) {
        if (on) { tiles.addTo(map); basemap.setStyle({ fillOpacity: 0 }); }
        else { map.removeLayer(tiles); basemap.setStyle({ fillOpacity: 1 }); }
      }, null, "so-toggle-tiles");
      add(box, el("h3", null, "Reports by verdict"));
      STATUSES.forEach(function (s) {
        var row = add(box, el("div", "so-row so-legend-" + s));
        var dot = add(row, el("span", "so-dot")); dot.style.background = COLORS[s];
        add(row, el("span", null, LABELS[s]));
        legendCounts[s] = add(row, el("span", "so-count", "0"));
      });
      add(box, el("div", "so-muted", "Dashed circles: location uncertainty. A report takes " +
        "its most serious verdict among the agreements shown."));
      return box;
    }
  });
  new Panel().addTo(map);
  function visibleCounts() {
    var c = { violation: 0, possible: 0, compliant: 0, not_applicable: 0 };
    obsLayers.forEach(function (e) { if (obsGroup.hasLayer(e.marker)) { c[e.status] += 1; } });
    return c;
  }
  function updateLegend() {
    var c = visibleCounts();
    STATUSES.forEach(function (s) { if (legendCounts[s]) { legendCounts[s].textContent = String(c[s]); } });
  }

  /* ---- click-to-measure, geodesic (measure.js) ---- */
  var measure = MEASURE.addTo(map, el, add);
  L.control.scale({ imperial: false, position: "bottomright" }).addTo(map);

  setDay(last);

  /* a small API for notebooks and tests */
  window.standoffMap = {
    map: map, data: DATA, geodesicDistance: geodesicDistance, setDay: function (iso) {
      setDay(dayNumber(iso));
    }, setAgreementVisible: setAgreementVisible, counts: visibleCounts,
    measure: measure
  };
  document.body.dataset.ready = "true";
}());
