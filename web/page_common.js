// What a page of build/web/ needs to run its module (a lesson, or tracegrad eval): start it from
// the WebAssembly inlined in the page, run its main() on an emptied output folder, the
// controls that set its numbers, saving a file. The page's own script comes after this one.
const $ = (id) => document.getElementById(id);
const sink = { out: [], err: [] };  // what the module printed on stdout and stderr, line by line

// The WebAssembly inlined in the page (base64), as bytes.
function wasmBytes() {
  const text = atob($("wasm").textContent);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

// The module, given its bytes (so nothing is fetched), with an empty folder `out` for its files.
async function startModule(factory, bytes, out) {
  const module = await factory({ wasmBinary: bytes, print: (l) => sink.out.push(l), printErr: (l) => sink.err.push(l) });
  module.FS.mkdir(out);
  return module;
}

// main(args) on an emptied folder `out`; its exit status (sink holds what it printed).
// callMain leaves argv on the module's stack: restored after each run, else a long session of
// dragging sliders (a run per frame) would use the stack up.
function runMain(module, args, out) {
  sink.out = []; sink.err = [];
  for (const f of module.FS.readdir(out)) if (f !== "." && f !== "..") module.FS.unlink(`${out}/${f}`);
  const stack = module.stackSave();
  try {
    return module.callMain(args);
  } finally {
    module.stackRestore(stack);
  }
}

// A slider and a number box for one setting: {id, label, value, range: [min, max, step] around
// the slide's value (or the value it starts from: mark "start"), which the slider marks,
// integer, log: the slider moves in powers of ten (a learning rate)}; changed() after each change.
// With `flag` the label is the flag's name, on one line, then `label`, what it means, wrapping after it.
function numberSetting({ id, label, flag = "", value, range, integer = false, log = false, mark = "slide" }, changed) {
  const div = document.createElement("div");
  div.className = "setting";
  div.dataset.slide = String(value);
  div.innerHTML = `<label for="${id}"></label><div class="row"><input type="range" aria-label="slider">` +
    `<input type="number" id="${id}"></div><span class="slide"></span><datalist></datalist>`;
  const text = div.querySelector("label");
  if (flag) text.appendChild(Object.assign(document.createElement("span"), { className: "flag", textContent: flag }));
  text.append(flag ? ` ${label}` : label);
  const [slider, box] = div.querySelectorAll("input");
  const toSlider = (v) => String(log ? Math.log10(v) : v);
  const fromSlider = () => (log ? String(Number((10 ** Number(slider.value)).toPrecision(3))) : slider.value);
  const marks = div.querySelector("datalist");
  marks.id = `${id}-slide`;
  marks.appendChild(new Option("", toSlider(value)));
  slider.setAttribute("list", marks.id);  // the slide's value, a tick on the slider
  [slider.min, slider.max, slider.step] = range.map(String);
  box.step = integer ? "1" : "any";
  box.value = String(value);
  slider.value = toSlider(value);
  div.querySelector(".slide").textContent = `${mark}: ${value}`;
  slider.addEventListener("input", () => { box.value = fromSlider(); changed(); });
  box.addEventListener("input", () => {
    if (box.value === "" || (log && !(Number(box.value) > 0))) return;  // "" while typing "-"; no log of 0
    slider.value = toSlider(Number(box.value));
    changed();
  });
  return div;
}

// Around the slide's value v: v ± 2·max(|v|, 1).
function leafRange(v) { const w = 2 * Math.max(Math.abs(v), 1); return [v - w, v + w, w / 200]; }

function saveFile(name, text) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
}
