"use strict";
// tracer's worksheet: steps through the sweep, and checks a quiz's answers in place.
// Answers are read by the small expression reader below, never run as code.
(() => {
  const data = JSON.parse(document.getElementById("tracer-data").textContent);
  const $ = (s) => document.querySelector(s);
  const $$ = (s) => [...document.querySelectorAll(s)];
  const steps = data.steps;
  const cells = $$("[data-step]");
  const shapes = new Map(); // a node's or edge's title (v1, vm1->v1) → its SVG groups
  for (const g of $$(".graph g.node, .graph g.edge")) {
    const t = g.querySelector("title");
    if (!t) continue;
    const key = t.textContent.trim();
    if (!shapes.has(key)) shapes.set(key, []);
    shapes.get(key).push(g);
  }
  let at = 0;

  // The bars that stay on screen (the sticky bar at the top; on a phone, the step buttons
  // fixed at the foot): the current row scrolls clear of them, however tall they wrap.
  function clearance() {
    const bar = $(".bar"), foot = $(".controls");
    const above = getComputedStyle(bar).position === "sticky" ? bar.offsetHeight : 0;
    const below = getComputedStyle(foot).position === "fixed" ? foot.offsetHeight : 0;
    document.documentElement.style.setProperty("--above", `${above}px`);
    document.documentElement.style.setProperty("--below", `${below}px`);
  }

  function show(n) {
    at = Math.max(0, Math.min(steps.length, n));
    for (const el of cells) {
      const s = Number(el.dataset.step);
      el.classList.toggle("later", !data.quiz && s > at);
      el.classList.toggle("current", s === at && at > 0);
    }
    for (const tr of $$("tr.current-row")) {
      tr.classList.remove("current-row");
      tr.removeAttribute("aria-current");
    }
    for (const td of $$("td.current")) {
      td.parentElement.classList.add("current-row");
      td.parentElement.setAttribute("aria-current", "step");
    }
    for (const g of $$("g.lit")) g.classList.remove("lit");
    const step = steps[at - 1];
    if (step) {
      for (const key of [step.node, ...step.edges]) {
        for (const g of shapes.get(key) || []) g.classList.add("lit");
      }
    }
    $("#status").textContent = step
      ? `Step ${at} of ${steps.length}: ${step.phase}, ${step.label}`
      : `Step 0 of ${steps.length}: press Next (or →) to start.`;
    $("#first").setAttribute("aria-disabled", String(at === 0));
    $("#prev").setAttribute("aria-disabled", String(at === 0));
    $("#next").setAttribute("aria-disabled", String(at === steps.length));
    $("#last").setAttribute("aria-disabled", String(at === steps.length));
    const shown = $$("td.current"); // the row into view, and the step's cells within it
    if (shown.length) {
      clearance();
      shown[shown.length - 1].scrollIntoView({ block: "nearest", inline: "nearest" });
    }
    try { // the address names the step: a link (or a reload) opens the page there
      history.replaceState(null, "", at ? `#step=${at}` : location.pathname + location.search);
    } catch (e) { /* a page opened where the address cannot change */ }
  }
  const start = () => Number((/^#step=(\d+)$/.exec(location.hash) || [0, 0])[1]);

  window.addEventListener("hashchange", () => show(start()));
  $("#first").addEventListener("click", () => show(0));
  $("#prev").addEventListener("click", () => show(at - 1));
  $("#next").addEventListener("click", () => show(at + 1));
  $("#last").addEventListener("click", () => show(steps.length));
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest("input, textarea, select")) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    show(to);
  });

  // --- the expression reader: numbers, + - * / ^ (or **), parentheses, constants, functions
  // [name, arity, function] for every constant and function tracer's parser reads, written
  // into the page from tracer's op table (tracer/core/ops.py, each op's ``js``).
  const FUNCTIONS = /* tracer:functions */ [];
  const arity = (k) => new Map(FUNCTIONS.filter((f) => f[1] === k).map(([n, , f]) => [n, f]));
  const CONSTANTS = new Map([...arity(0)].map(([n, f]) => [n, f()]));
  const BY_ARITY = [new Map(), arity(1), arity(2)];
  // Functions of two arguments tracer's language also reads with more, pair by pair (its
  // tracer/core/arrays.py SEVERAL; a test says the two lists agree).
  const SEVERAL = new Set(["max", "min"]);
  const ascii = (text) => text.trim().replace(/[−–]/g, "-").replace(/[×·⋅∙]/g, "*")
    .replace(/÷/g, "/").replace(/π/g, "pi")
    // a product the tables print without its sign: 3 √(2), 1/(2 √(2)), 2 π (grade.py too)
    .replace(/(\b\d+\.?\d*(?:[eE][+-]?\d+)?|\))\s*(?=[√(A-Za-z_])/g, "$1*")
    .replace(/√\s*(?=\()/g, "sqrt")
    .replace(/√\s*(\d+\.?\d*|\.\d+|[A-Za-z_]\w*)/g, "sqrt($1)");

  // A plain number is read as tracer grade reads one (Python's float: 1e400 = inf, nan; not
  // 1_000, which tracer's language does not read); anything else as an expression, which must
  // come to a finite number.
  const D = "\\d+";
  const PLAIN = new RegExp(`^[+-]?(?:${D}\\.(?:${D})?|\\.${D}|${D})(?:e[+-]?${D})?$`, "i");
  const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

  function read(text) {
    const t = text.trim();
    if (PLAIN.test(t)) return Number(t);
    const special = SPECIAL.exec(t);
    if (special) {
      if (special[2].toLowerCase() === "nan") return NaN;
      return special[1] === "-" ? -Infinity : Infinity;
    }
    const v = expression(t);
    return v !== null && Number.isFinite(v) ? v : null;
  }

  function expression(text) {
    const tokens = ascii(text).replace(/\*\*/g, "^")
      .match(/(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_]\w*|\S/g) || [];
    let i = 0;
    const peek = () => tokens[i];
    const take = (t) => { if (tokens[i++] !== t) throw new SyntaxError(t); };
    // Every step must stay a finite number, as in tracer, whose ops refuse what is outside
    // their domain (log(0), 1/0, (-8)^(1/3)) rather than carry an infinity along.
    const finite = (v) => { if (!Number.isFinite(v)) throw new RangeError("domain"); return v; };
    const sum = () => {
      let v = product();
      while (peek() === "+" || peek() === "-") {
        v = finite(tokens[i++] === "+" ? v + product() : v - product());
      }
      return v;
    };
    const product = () => {
      let v = unary();
      while (peek() === "*" || peek() === "/") {
        v = finite(tokens[i++] === "*" ? v * unary() : v / unary());
      }
      return v;
    };
    const unary = () => {
      if (peek() === "-") { i++; return -unary(); }
      if (peek() === "+") { i++; return unary(); }
      const base = atom(); // ^ binds tighter than a unary minus, and to the right
      if (peek() !== "^") return base;
      i++;
      return finite(Math.pow(base, unary()));
    };
    const atom = () => {
      const t = tokens[i++];
      if (t === undefined) throw new SyntaxError("end");
      if (t === "(") { const v = sum(); take(")"); return v; }
      if (/^[\d.]/.test(t)) return finite(Number(t));
      if (!/^[A-Za-z_]/.test(t)) throw new SyntaxError(t);
      if (peek() !== "(") {
        if (CONSTANTS.has(t)) return CONSTANTS.get(t);
        throw new SyntaxError(t);
      }
      i++;
      const args = [sum()];
      while (peek() === ",") { i++; args.push(sum()); }
      take(")");
      if (args.length > 2 && SEVERAL.has(t)) { // Python's max(a, b, c): max(max(a, b), c)
        const pair = BY_ARITY[2].get(t);
        return args.reduce((acc, v) => finite(pair(acc, v)));
      }
      const f = (BY_ARITY[args.length] || new Map()).get(t);
      if (!f) throw new SyntaxError(t);
      return finite(f(...args));
    };
    try {
      const v = sum();
      return i === tokens.length ? v : null;
    } catch (e) {
      return null;
    }
  }
  window.tracerRead = read; // for the tests, and for the curious: tracerRead("-13/3")

  // --- the quiz ----------------------------------------------------------------------------
  if (!data.quiz) { show(start()); return; }
  const inputs = $$("input.answer");
  const WORDS = { right: "✓ right", wrong: "✗ wrong", unreadable: "? not a number I can read",
                  nokey: "(no key for this cell)",
                  decimal: "≈ right as a decimal, but the exact form is asked", "": "" };
  const WRONG = ["wrong", "unreadable", "decimal"];
  // as Python's math.isclose, which tracer grade uses
  const near = (v, key, [rel, abs]) => Number.isFinite(v) &&
    Math.abs(v - key) <= Math.max(rel * Math.max(Math.abs(v), Math.abs(key)), abs);

  function judge(input) {
    const answer = data.answers[Number(input.dataset.answer)];
    const text = input.value.trim();
    const v = text ? read(text) : null;
    let status = "";
    if (text && v === null) status = "unreadable";
    else if (text && answer.key === null) status = "nokey";
    else if (text) {
      status = near(v, answer.key, data.tolerance) ? "right" : "wrong";
      // an exact quiz's answer is its exact form too, which grade takes to within rounding
      // only: 4.243 for 3 √(2) is a decimal, not the form asked for
      if (status === "right" && answer.exact !== null &&
          !near(v, answer.key, data.exact_tolerance)) status = "decimal";
    }
    input.dataset.status = status;
    input.setAttribute("aria-invalid", String(WRONG.includes(status)));
    const mark = document.getElementById(`mark-${input.dataset.answer}`);
    mark.textContent = WORDS[status];
    mark.className = `mark ${status}`;
    score();
  }

  function score() {
    const count = (s) => inputs.filter((x) => x.dataset.status === s).length;
    const done = inputs.filter((x) => x.dataset.status).length;
    $("#score").textContent = `Score: ${count("right")} of ${inputs.length} right, ` +
      `${WRONG.reduce((n, s) => n + count(s), 0)} wrong, ${inputs.length - done} to do` +
      (document.body.classList.contains("revealed") ? " (answers revealed)" : "");
  }

  for (const input of inputs) {
    input.addEventListener("change", () => judge(input));
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      e.preventDefault();
      judge(input);
      const next = inputs[inputs.indexOf(input) + 1];
      if (next) next.focus();
    });
  }
  $("#reveal").addEventListener("click", (e) => {
    const on = document.body.classList.toggle("revealed");
    e.currentTarget.setAttribute("aria-pressed", String(on));
    e.currentTarget.textContent = on ? "Hide the answers" : "Reveal the answers";
    score();
  });

  const field = (c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  $("#download").addEventListener("click", () => {
    const grid = data.csv.map((row) => row.slice());
    for (const input of inputs) {
      const answer = data.answers[Number(input.dataset.answer)];
      if (!answer.at) continue;
      const [line, column] = answer.at;
      grid[line][column] = ascii(input.value);
      // an exact quiz asks for the exact form too: the same answer (√(2), 1/3 + ln(3))
      if (answer.exact !== null) grid[line][answer.exact] = ascii(input.value);
    }
    const text = grid.map((row) => row.map(field).join(",")).join("\n") + "\n";
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    link.download = "answers.csv";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });
  show(start());
  score();
})();
