// The atlas map: boundaries of the chosen level from /atlas/boundaries/<level>/, coloured by the values of
// /atlas/data/ (indicator × level × period). No tile layer unless the site sets one; nothing from the web.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("atlas-config").textContent);
  const $ = (id) => document.getElementById(id);
  const mapEl = $("map");
  const controls = {
    indicator: $("indicator"), level: $("level"), span: $("span"), method: $("method"), month: $("month"),
    hotspots: $("hotspots"),
  };
  const NO_DATA = "#d9dde3";
  // Rings, dark enough to stand out on the light-to-red fill: hot in dark reds, cold in blues.
  const HOT = { "hot-99": "#3b0009", "hot-95": "#7a0013", "hot-90": "#b5002b", "cold-90": "#9ecae1", "cold-95": "#4292c6", "cold-99": "#08306b" };

  // Leaflet's own zoom buttons carry English tooltips: the page's are in its language.
  const map = L.map(mapEl, { zoomSnap: 0.25, attributionControl: true, zoomControl: false });
  L.control.zoom({ zoomInTitle: config.labels.zoomIn, zoomOutTitle: config.labels.zoomOut }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(config.attribution);
  if (config.tileUrl) L.tileLayer(config.tileUrl, { maxZoom: 19 }).addTo(map);
  map.setView([32.5, 53.7], 5);

  const boundaries = {}; // level → GeoJSON, fetched once per page (the server revalidates by ETag)
  let layer = null;
  let drawnLevel = null;
  let data = null;
  let hot = null;
  let asked = 0; // answers to older requests are dropped

  const name = (feature) => (config.persian ? feature.properties.name : feature.properties.name_en || feature.properties.name);

  async function getJSON(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${response.status} ${url}`);
    return response.json();
  }

  function params(extra) {
    const query = new URLSearchParams({
      indicator: controls.indicator.value, level: controls.level.value, span: controls.span.value, method: controls.method.value,
    });
    if (data && data.months.length && controls.month.dataset.ready === "1") {
      query.set("month", data.months[Number(controls.month.value)].value);
    }
    for (const [key, value] of Object.entries(extra || {})) query.set(key, value);
    return query;
  }

  function style(feature) {
    const row = data && data.regions[String(feature.id)];
    const colour = row && row.class !== null ? data.classes[row.class].color : NO_DATA;
    return { fillColor: colour, fillOpacity: 0.85, color: "#5b6475", weight: 1, opacity: 1 };
  }

  // Hot and cold spots are drawn above the fills as a ring on a white halo, so that a dark ring stays
  // visible on the darkest fill; cold spots' rings are dashed, so that the two differ without colour too.
  let spotLayer = null;
  function drawSpots() {
    if (spotLayer) spotLayer.remove();
    spotLayer = null;
    if (!hot || !layer) return;
    const features = boundaries[drawnLevel].features.filter((f) => {
      const spot = hot.regions[String(f.id)];
      return spot && spot.class;
    });
    if (!features.length) return;
    const spotOf = (f) => hot.regions[String(f.id)].class;
    const halo = L.geoJSON({ type: "FeatureCollection", features }, {
      interactive: false, style: () => ({ fill: false, color: "#ffffff", weight: 8, opacity: 0.95 }),
    });
    const ring = L.geoJSON({ type: "FeatureCollection", features }, {
      interactive: false,
      style: (f) => ({
        fill: false, color: HOT[spotOf(f)], weight: 4, opacity: 1,
        dashArray: spotOf(f).startsWith("cold") ? "8 5" : null,
      }),
    });
    spotLayer = L.featureGroup([halo, ring]).addTo(map);
    ring.eachLayer((shape) => {
      const element = shape.getElement && shape.getElement();
      if (element) element.dataset.spot = spotOf(shape.feature);
    });
  }

  function tooltip(feature) {
    const row = data && data.regions[String(feature.id)];
    const value = row ? row.text : config.labels.noData;
    let text = `<strong>${escapeHtml(name(feature))}</strong><br>${escapeHtml(value)}`;
    if (data) text += ` <span class="muted">${escapeHtml(data.indicator.unit)}</span>`;
    const spot = hot && hot.regions[String(feature.id)];
    if (spot && spot.label) text += `<br>${escapeHtml(spot.label)}`;
    if (feature.properties.kind === "neighbourhood") text += `<br><span class="muted small">${escapeHtml(config.labels.openProfile)}</span>`;
    return text;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function drawLayer(level) {
    if (layer) layer.remove();
    layer = L.geoJSON(boundaries[level], {
      style,
      onEachFeature(feature, shape) {
        shape.bindTooltip(() => tooltip(feature), { sticky: true, direction: "top" });
        shape.on("mouseover", () => shape.setStyle({ weight: 3, color: "#1d2433" }));
        shape.on("mouseout", () => layer.resetStyle(shape));
        shape.on("click", () => {
          if (feature.properties.kind === "neighbourhood") {
            const url = new URL(config.profileUrl.replace(/\/0\/$/, `/${feature.id}/`), window.location.href);
            if (data && data.end) { url.searchParams.set("month", data.end); url.searchParams.set("span", data.span); }
            window.location.href = url.toString();
          } else {
            map.fitBounds(shape.getBounds(), { padding: [10, 10] });
          }
        });
      },
    }).addTo(map);
    // Each shape names its region, for people using assistive technology and for the browser tests.
    layer.eachLayer((shape) => {
      const element = shape.getElement && shape.getElement();
      if (!element) return;
      element.dataset.region = String(shape.feature.id);
      element.setAttribute("aria-label", name(shape.feature));
    });
    drawnLevel = level;
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
  }

  function drawLegend() {
    const list = $("legend");
    list.replaceChildren();
    $("legend-title").textContent = data.indicator.name;
    $("legend-subtitle").textContent = [data.indicator.unit, data.label].filter(Boolean).join(" · ");
    const rows = data.classes.map((c) => [c.color, c.label, c.count]);
    rows.push([NO_DATA, config.labels.noData, null]);
    for (const [colour, label, count] of rows) {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour;
      const text = document.createElement("span");
      text.textContent = label;
      item.append(swatch, text);
      if (count !== null) {
        const n = document.createElement("span");
        n.className = "count";
        n.textContent = config.persian ? String(count).replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]) : String(count);
        item.append(n);
      }
      list.append(item);
    }
    for (const kind of ["xlsx", "csv"]) {
      const link = $(`export-${kind}`);
      if (data.exports) { link.href = data.exports[kind]; link.removeAttribute("aria-disabled"); }
      else { link.removeAttribute("href"); link.setAttribute("aria-disabled", "true"); }
    }
  }

  function drawHotLegend() {
    const box = $("hot-legend");
    if (!box) return;
    box.hidden = !hot;
    if (!hot) return;
    const list = $("hot-legend-items");
    list.replaceChildren();
    for (const entry of hot.legend) {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.borderColor = HOT[entry.class];
      const text = document.createElement("span");
      text.textContent = `${entry.label} (${config.persian ? String(entry.count).replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]) : entry.count})`;
      item.append(swatch, text);
      list.append(item);
    }
  }

  function setSlider() {
    const slider = controls.month;
    slider.max = String(Math.max(0, data.months.length - 1));
    const index = data.months.findIndex((m) => m.value === data.end);
    slider.value = String(Math.max(0, index));
    slider.disabled = data.months.length < 2;
    slider.dataset.ready = data.months.length ? "1" : "0";
    $("month-label").textContent = data.label || config.labels.noData;
  }

  async function refresh({ keepMonth = true } = {}) {
    const ticket = ++asked;
    const level = controls.level.value;
    mapEl.dataset.loading = "1";
    try {
      const query = params();
      if (!keepMonth) query.delete("month");
      const wantHot = controls.hotspots && controls.hotspots.checked;
      const [geo, answer] = await Promise.all([
        boundaries[level] ? Promise.resolve(boundaries[level]) : getJSON(config.boundariesUrl.replace("LEVEL", level)),
        getJSON(`${config.dataUrl}?${query}`),
      ]);
      const spots = wantHot && answer.end ? await getJSON(`${config.hotspotsUrl}?${params({ month: answer.end })}`) : null;
      if (ticket !== asked) return;
      boundaries[level] = geo;
      data = answer;
      hot = spots;
      if (drawnLevel !== level) drawLayer(level);
      else layer.setStyle(style);
      drawSpots();
      setSlider();
      drawLegend();
      drawHotLegend();
      mapEl.dataset.period = String(data.end || "");
      mapEl.dataset.level = level;
      mapEl.dataset.indicator = data.indicator.code;
    } finally {
      if (ticket === asked) mapEl.dataset.loading = "0";
    }
  }

  controls.month.addEventListener("input", () => {
    if (!data || !data.months.length) return;
    $("month-label").textContent = data.months[Number(controls.month.value)].label;
  });
  controls.month.addEventListener("change", () => refresh());
  controls.span.addEventListener("change", () => refresh());
  controls.method.addEventListener("change", () => refresh());
  controls.level.addEventListener("change", () => refresh());
  controls.indicator.addEventListener("change", () => refresh({ keepMonth: false }));
  if (controls.hotspots) controls.hotspots.addEventListener("change", () => refresh());

  window.atlasMap = { map, refresh, get data() { return data; } };
  refresh({ keepMonth: false });
})();
