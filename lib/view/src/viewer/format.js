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

const PALETTE = ["#0d6efd", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#6c757d"];
function color(i) { return PALETTE[i % PALETTE.length]; }
