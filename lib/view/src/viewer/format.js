// Small helpers shared by the drawings: numbers from the trace, SVG elements, colors.

// A trace number: a JSON number, or "nan", "inf", "-inf" (JSON has none of those).
function num(v) {
  if (typeof v === "number") return v;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return NaN;
}

// Up to 4 significant digits for axis ticks and legends.
function short(x) {
  if (!isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(1).replace(".0e", "e").replace("e+", "e");
  return String(Number(x.toPrecision(4)));
}

// Up to 10 significant digits, as the terminal shows them (the trace keeps them all).
function show10(v) {
  if (Array.isArray(v)) return `[${v.map(show10).join(", ")}]`;  // a vector's elements
  if (v !== null && typeof v === "object") return `[${v.count} values, mean ${show10(v.mean)}]`;  // a summary
  const x = num(v);
  return isFinite(x) ? String(Number(x.toPrecision(10))) : String(v);
}

const SVG_NS = "http://www.w3.org/2000/svg";  // a namespace name, never fetched

// Creates an SVG element with attributes (and text), appended to parent.
function svg(tag, attrs, parent, text) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  if (parent) parent.appendChild(el);
  return el;
}

function clear(el) { el.replaceChildren(); }

// The size of an SVG text (its tspans side by side, each in its own font) measured on a canvas
// in the fonts page.css gives them: no layout of the page, which getBBox would force, and each
// (font, string) measured once. {width, ascent, descent}: those of the font's box, as getBBox.
const measuring = { ctx: null, fonts: new Map(), sizes: new Map() };
function textSize(el) {
  const parts = el.firstElementChild ? [...el.children] : [el];
  let width = 0, ascent = 0, descent = 0;
  for (const part of parts) {
    const kind = `${part.tagName}.${part.getAttribute("class") || ""}`;  // one font per kind of text
    if (!measuring.fonts.has(kind)) measuring.fonts.set(kind, getComputedStyle(part).font);
    const font = measuring.fonts.get(kind), key = `${font}|${part.textContent}`;
    if (!measuring.sizes.has(key)) {
      if (measuring.sizes.size > 100000) measuring.sizes.clear();  // a long run's many numbers
      measuring.ctx = measuring.ctx || document.createElement("canvas").getContext("2d");
      measuring.ctx.font = font;
      const m = measuring.ctx.measureText(part.textContent);
      measuring.sizes.set(key, { width: m.width, ascent: m.fontBoundingBoxAscent, descent: m.fontBoundingBoxDescent });
    }
    const m = measuring.sizes.get(key);
    width += m.width;
    ascent = Math.max(ascent, m.ascent);
    descent = Math.max(descent, m.descent);
  }
  return { width, ascent, descent };
}

const PALETTE = ["#0d6efd", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#6c757d"];
function color(i) { return PALETTE[i % PALETTE.length]; }
