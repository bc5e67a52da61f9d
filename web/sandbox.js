// The sandbox: `tracegrad eval` itself (cli/cmd_eval.cpp compiled to WebAssembly) on the typed
// expression, every variable a slider, run again on every keystroke or drag exactly as
//   tracegrad eval "EXPRESSION" NAME=VALUE… --trace /out/eval.json --html /out/eval.html
// would in a terminal: its table of values and gradients and its gradient check below the
// expression, its page (the viewer) in the frame, its message and caret when the expression
// does not parse.
const OUT = "/out";
let evaluator = null;
const values = new Map([["x", 1.4], ["w", -0.1], ["b", 0.1]]);  // README's example; a new variable starts at 0.5
let last = null;  // the last trace written

// {parses, names}: does the expression parse, and its variables in the order they first appear.
function variables(text) {
  return JSON.parse(evaluator.ccall("tracegrad_expression_names", "string", ["string"], [text]));
}

function buildSliders(names) {
  const box = $("settings");
  if (box.dataset.names === JSON.stringify(names)) return;
  box.dataset.names = JSON.stringify(names);
  box.textContent = "";
  names.forEach((name, i) => {
    if (!values.has(name)) values.set(name, 0.5);
    const v = values.get(name);
    const div = box.appendChild(numberSetting({ id: `var-${i}`, label: name, value: v, range: leafRange(v), mark: "start" }, () => {
      values.set(name, Number(div.querySelector("input[type=number]").value));
      evaluate();
    }));
    div.dataset.name = name;
  });
}

function evaluate() {
  const text = $("expression").value;
  const { parses, names } = variables(text);
  if (parses) buildSliders(names);  // else the sliders stay while the text is being fixed
  const args = [text, ...names.map((n) => `${n}=${values.get(n)}`), "--trace", `${OUT}/eval.json`, "--html", `${OUT}/eval.html`];
  const status = runMain(evaluator, args, OUT);
  document.body.dataset.args = JSON.stringify(args.slice(0, 1 + names.length));
  $("error").hidden = status !== 2;
  $("result").classList.toggle("stale", status === 2);
  if (status === 2) {  // eval's own message, with the caret under the character it points at
    $("error").textContent = sink.err.join("\n");
    return;  // the last good evaluation stays, greyed
  }
  $("result").textContent = sink.out.join("\n");
  last = evaluator.FS.readFile(`${OUT}/eval.json`, { encoding: "utf8" });
  $("viewer").srcdoc = evaluator.FS.readFile(`${OUT}/eval.html`, { encoding: "utf8" });
  document.body.dataset.runs = String((Number(document.body.dataset.runs) || 0) + 1);
}

async function start() {
  evaluator = await startModule(tracegradSandbox, wasmBytes(), OUT);
  $("expression").addEventListener("input", evaluate);
  $("download").addEventListener("click", () => last && saveFile("eval.json", last));
  // ready (for a test, and "first render" in its timings) once the frame has drawn the first run
  $("viewer").addEventListener("load", () => { document.body.dataset.ready = "true"; }, { once: true });
  evaluate();
}

start().catch((e) => { $("error").hidden = false; $("error").textContent = `the sandbox could not start: ${e}`; });
