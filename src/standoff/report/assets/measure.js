/* standoff map page: geodesic distances (Vincenty on WGS84) and the click-to-measure tool. */
(function () {
  "use strict";

  /* ---- geodesy: Vincenty's inverse formula on WGS84 (sub-millimetre), metres ---- */
  function geodesicDistance(lat1, lon1, lat2, lon2) {
    var a = 6378137, f = 1 / 298.257223563, b = a * (1 - f), rad = Math.PI / 180;
    var L = (lon2 - lon1) * rad;
    var U1 = Math.atan((1 - f) * Math.tan(lat1 * rad)), U2 = Math.atan((1 - f) * Math.tan(lat2 * rad));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lambda = L, lambdaP, iter = 0, sinSigma, cosSigma, sigma, sinAlpha, cos2Alpha, cos2SM, C;
    do {
      var sinL = Math.sin(lambda), cosL = Math.cos(lambda);
      sinSigma = Math.sqrt(Math.pow(cosU2 * sinL, 2) +
                           Math.pow(cosU1 * sinU2 - sinU1 * cosU2 * cosL, 2));
      if (sinSigma === 0) { return 0; }
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
      sigma = Math.atan2(sinSigma, cosSigma);
      sinAlpha = cosU1 * cosU2 * sinL / sinSigma;
      cos2Alpha = 1 - sinAlpha * sinAlpha;
      cos2SM = cos2Alpha !== 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0;
      C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
      lambdaP = lambda;
      lambda = L + (1 - C) * f * sinAlpha *
        (sigma + C * sinSigma * (cos2SM + C * cosSigma * (-1 + 2 * cos2SM * cos2SM)));
    } while (Math.abs(lambda - lambdaP) > 1e-12 && ++iter < 200);
    if (iter >= 200) {  /* nearly antipodal: no convergence; great circle on the mean radius */
      return 6371008.8 * sigma;
    }
    var uSq = cos2Alpha * (a * a - b * b) / (b * b);
    var A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    var B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    var dSigma = B * sinSigma * (cos2SM + B / 4 * (cosSigma * (-1 + 2 * cos2SM * cos2SM) -
      B / 6 * cos2SM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SM * cos2SM)));
    return b * A * (sigma - dSigma);
  }

  function km(m) {
    if (m === null || m === undefined || !isFinite(m)) { return "n/a"; }
    var a = Math.abs(m);
    return a >= 10000 ? (a / 1000).toFixed(1) + " km" : a >= 1000 ? (a / 1000).toFixed(2) + " km"
      : Math.round(a) + " m";
  }

  /* The measuring tool on a Leaflet map; `el` and `add` build DOM nodes with textContent. */
  function addTo(map, el, add) {
    var measuring = false, measurePoints = [], measureLine = null, measureDots = L.layerGroup().addTo(map);
    var measureOut = null, measureBtn = null;
    function measureTotal() {
      var total = 0;
      for (var i = 1; i < measurePoints.length; i++) {
        total += geodesicDistance(measurePoints[i - 1].lat, measurePoints[i - 1].lng,
                                  measurePoints[i].lat, measurePoints[i].lng);
      }
      return total;
    }
    function measureShow() {
      var n = measurePoints.length;
      if (!n) { measureOut.textContent = measuring ? "Click points on the map" : ""; return; }
      var last = n > 1 ? geodesicDistance(measurePoints[n - 2].lat, measurePoints[n - 2].lng,
                                          measurePoints[n - 1].lat, measurePoints[n - 1].lng) : 0;
      measureOut.textContent = "Total " + km(measureTotal()) + (n > 2 ? " · last leg " + km(last) : "") +
        " (geodesic, WGS84)";
    }
    function measureClear() {
      measurePoints = [];
      measureDots.clearLayers();
      if (measureLine) { map.removeLayer(measureLine); measureLine = null; }
      measureShow();
    }
    function measureAdd(latlng) {
      map.closePopup();  /* a click that measures should not also open a zone's popup */
      measurePoints.push(latlng);
      L.circleMarker(latlng, { radius: 3, color: "#000", weight: 1, fillColor: "#ff0", fillOpacity: 1,
        interactive: false, className: "so-measure-dot" }).addTo(measureDots);
      if (!measureLine) {
        measureLine = L.polyline([], { color: "#000", weight: 2, dashArray: "5 4", interactive: false }).addTo(map);
      }
      measureLine.setLatLngs(measurePoints);
      measureShow();
    }
    function setMeasuring(on) {
      measuring = on;
      measureBtn.setAttribute("aria-pressed", on ? "true" : "false");
      map.getContainer().classList.toggle("so-measuring", on);
      if (on) { map.closePopup(); map.doubleClickZoom.disable(); } else { map.doubleClickZoom.enable(); }
      measureShow();
    }
    map.on("click", function (e) { if (measuring) { measureAdd(e.latlng); } });
    var MeasureControl = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = el("div", "so-panel so-measure");
        L.DomEvent.disableClickPropagation(box);
        measureBtn = add(box, el("button", null, "Measure"));
        measureBtn.type = "button"; measureBtn.id = "so-measure";
        measureBtn.addEventListener("click", function () { setMeasuring(!measuring); });
        var clear = add(box, el("button", null, "Clear"));
        clear.type = "button";
        clear.addEventListener("click", measureClear);
        measureOut = add(box, el("div", "so-muted so-measure-out"));
        return box;
      }
    });
    new MeasureControl().addTo(map);
    return {
      start: function () { setMeasuring(true); },
      add: function (lat, lon) { measureAdd(L.latLng(lat, lon)); },
      total: measureTotal,
      clear: measureClear,
      points: function () { return measurePoints.map(function (p) { return [p.lat, p.lng]; }); }
    };
  }

  window.StandoffMeasure = { geodesicDistance: geodesicDistance, km: km, addTo: addTo };
}());
