// Draws the body dashboard's charts from the JSON the page carries (no network).
// Drawn once the web font is ready: text painted on a canvas before Vazirmatn loads stays in the fallback font.
(document.fonts ? document.fonts.ready : Promise.resolve()).then(function () {
  const el = document.getElementById("chart-data");
  if (!el || !window.echarts) return;
  const data = JSON.parse(el.textContent);
  const fa = (n) => data.persian ? String(n).replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]) : String(n);
  const font = { fontFamily: "Vazirmatn, Tahoma, sans-serif" };
  // No animation for people who ask for less motion (and for the browser tests' screenshots).
  const animation = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const colors = { not_started: "#8a93a3", in_progress: "#2a5ea8", overdue: "#b3261e", done: "#1f7a3a", cancelled: "#c9ced6" };
  const states = echarts.init(document.getElementById("chart-states"));
  states.setOption({
    animation,
    textStyle: font,
    tooltip: { trigger: "item", formatter: (p) => `${p.name}: ${fa(p.value)} (${fa(p.percent)}٪)` },
    series: [{
      type: "pie", radius: ["40%", "70%"],
      // An explicit line height: without one ECharts draws the two lines of a label on top of each other.
      label: { formatter: (p) => `${p.name}\n${fa(p.value)}`, lineHeight: 20, ...font },
      data: data.states.filter((s) => s.value > 0).map((s) => ({ name: s.name, value: s.value, itemStyle: { color: colors[s.key] } })),
    }],
  });
  const trend = echarts.init(document.getElementById("chart-trend"));
  trend.setOption({
    animation,
    textStyle: font,
    tooltip: { trigger: "axis", valueFormatter: fa },
    legend: { data: [data.passed_label, data.done_label], textStyle: font },
    grid: { left: 40, right: 20, bottom: 40, top: 40 },
    xAxis: { type: "category", data: data.months, inverse: data.persian, axisLabel: { ...font, rotate: 30 } },
    yAxis: { type: "value", position: data.persian ? "right" : "left", minInterval: 1, axisLabel: { formatter: fa, ...font } },
    series: [
      { name: data.passed_label, type: "bar", data: data.passed, itemStyle: { color: "#0f6e6e" } },
      { name: data.done_label, type: "line", data: data.done, itemStyle: { color: "#1f7a3a" } },
    ],
  });
  window.addEventListener("resize", () => { states.resize(); trend.resize(); });
});
