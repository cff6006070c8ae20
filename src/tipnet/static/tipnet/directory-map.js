// The directory's map: markers of the services found, over tiles when they load. The list
// under it is the page; this only adds a view of it. Without Leaflet, nothing happens.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("map");
    var data = document.getElementById("map-markers");
    if (!box || !data || typeof L === "undefined") { return; }
    var markers = JSON.parse(data.textContent || "[]");
    if (!markers.length) { box.hidden = true; return; }
    var map = L.map(box, { scrollWheelZoom: false });
    var tiles = box.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: box.getAttribute("data-attribution") })
        .addTo(map);
    }
    var bounds = [];
    markers.forEach(function (m) {
      var link = document.createElement("a");
      link.href = m.url;
      link.textContent = m.org + ": " + m.name;
      L.marker([m.lat, m.lon], { title: m.org + ": " + m.name }).addTo(map).bindPopup(link);
      bounds.push([m.lat, m.lon]);
    });
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 });
    box.setAttribute("data-ready", String(markers.length));
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
}());
