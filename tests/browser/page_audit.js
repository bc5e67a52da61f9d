// Run in the page by test_viewer_pages.py: what a student would find unreadable, from the DOM.
// Returns {small, overlaps, crossings, clipped, texts}: text rendered under 11 px, pairs of
// text boxes that overlap (within one SVG), edge paths that cross a node box they do not
// connect, text cut off by its SVG's edge, and how many texts were looked at.
const MIN_PX = 11;
const shown = (el) => {
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === "none" || s.visibility === "hidden" || e.hidden) return false;
  }
  return el.getClientRects().length > 0;
};
const say = (el) => `${el.closest("svg") ? el.closest("svg").id + " " : ""}${JSON.stringify(el.textContent.slice(0, 40))}`;
const out = { small: [], overlaps: [], crossings: [], clipped: [], texts: 0 };

// rendered size: the font size times the SVG's scale on screen
const svgTexts = [...document.querySelectorAll("svg text")].filter((t) => t.textContent.trim() && shown(t));
for (const t of svgTexts) {
  const scale = t.getScreenCTM().a;
  for (const part of [t, ...t.querySelectorAll("tspan")]) {
    const px = parseFloat(getComputedStyle(part).fontSize) * scale;
    if (px < MIN_PX - 0.01) out.small.push(`${say(part)} at ${px.toFixed(1)} px`);
  }
}
const htmlTexts = [...document.body.querySelectorAll("*")].filter((e) => !e.closest("svg") && e.tagName !== "SCRIPT" && e.tagName !== "STYLE" &&
  [...e.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim()) && shown(e));
for (const e of htmlTexts) {
  const px = parseFloat(getComputedStyle(e).fontSize);
  if (px < MIN_PX - 0.01) out.small.push(`${say(e)} at ${px.toFixed(1)} px`);
}
out.texts = svgTexts.length + htmlTexts.length;

// overlapping boxes of visible text (the visible lines of a text only)
const boxesOf = (t) => [...(t.querySelector("tspan") ? t.querySelectorAll("tspan") : [t])]
  .filter((p) => getComputedStyle(p).visibility !== "hidden" && p.textContent.trim()).map((p) => p.getBoundingClientRect());
// text cut off by the edge of its drawing
for (const t of svgTexts) {
  const frame = t.closest("svg").getBoundingClientRect();
  for (const r of boxesOf(t))
    if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1) out.clipped.push(say(t));
}

const meets = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
const bySvg = new Map();
for (const t of svgTexts) {
  const s = t.closest("svg");
  if (!bySvg.has(s)) bySvg.set(s, []);
  for (const box of boxesOf(t)) bySvg.get(s).push([t, box]);
}
for (const items of bySvg.values())
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++)
      if (items[i][0] !== items[j][0] && meets(items[i][1], items[j][1])) out.overlaps.push(`${say(items[i][0])} and ${say(items[j][0])}`);

// edges through boxes: points every 2 px along each edge's curve, against the other node boxes
// in the same 64 px strip of the page (a grid, so a wide graph is checked in linear time)
const graph = document.getElementById("graph");
if (graph && shown(graph)) {
  const strip = new Map();
  for (const n of graph.querySelectorAll(".node")) {
    const r = n.querySelector("rect").getBoundingClientRect();
    for (let k = Math.floor(r.left / 64); k <= Math.floor(r.right / 64); k++) {
      if (!strip.has(k)) strip.set(k, []);
      strip.get(k).push([n.dataset.id, r]);
    }
  }
  for (const g of graph.querySelectorAll("g.edge[data-from]")) {
    const path = g.querySelector("path");
    if (!path) continue;
    const m = path.getScreenCTM(), len = path.getTotalLength();
    const hit = new Set();
    for (let s = 0; s <= len; s += 2) {
      const q = path.getPointAtLength(s), x = m.a * q.x + m.c * q.y + m.e, y = m.b * q.x + m.d * q.y + m.f;
      for (const [id, r] of strip.get(Math.floor(x / 64)) || [])
        if (id !== g.dataset.from && id !== g.dataset.to && x > r.left + 1 && x < r.right - 1 && y > r.top + 1 && y < r.bottom - 1) hit.add(id);
    }
    for (const id of hit) out.crossings.push(`edge ${g.dataset.from}→${g.dataset.to} through node ${id}`);
  }
}
return out;
