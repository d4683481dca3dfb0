// The run viewer. Reads the run embedded in the page (summary.json and the trace's events), draws the space-time
// diagram the way the lecture draws it, and walks the trace event by event. Plain JavaScript, no library, so the
// page works offline and from a file.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("run-data").textContent);
  const SUMMARY = DATA.summary || {};
  const EVENTS = DATA.events || [];
  const SVG_NS = "http://www.w3.org/2000/svg";
  const TOP = 34;           // room above the first event (the sticky names row sits over the scroll area)
  const LEFT = 74;          // the time axis
  const GAP = 30;           // least vertical room between two dots of one process
  const PLUMBING = /(^|[^a-z])(ack|tokenack|heartbeat|alive|ping|pong)/i;   // as ShortNames.plumbing
  const TRIGGERS = new Set(["start", "command", "receive", "timer", "crash", "recover"]);
  const $ = (id) => document.getElementById(id);

  // ---- the run as the viewer sees it ---------------------------------------------------------------------------
  const names = (SUMMARY.processes && SUMMARY.processes.length) ? SUMMARY.processes.slice()
      : Array.from(new Set(EVENTS.map((e) => e.node)));
  const nodeIndex = new Map(names.map((n, i) => [n, i]));
  EVENTS.forEach((e, i) => { e.i = i; e.p = nodeIndex.get(e.node); });

  // Messages: the send, and the receipt or loss that ends it.
  const messages = new Map();
  for (const e of EVENTS) {
    if (e.msg === undefined) continue;
    let m = messages.get(e.msg);
    if (!m) { m = { id: e.msg, send: null, ends: [] }; messages.set(e.msg, m); }
    if (e.kind === "send") m.send = e; else if (e.kind === "receive" || e.kind === "loss") m.ends.push(e);
  }
  const isPlumbing = (e) => {
    const m = e.msg !== undefined ? messages.get(e.msg) : null;
    const about = m && m.send ? m.send : e;
    return PLUMBING.test(about.short || "") || PLUMBING.test(about.type || "") || PLUMBING.test(e.type || "");
  };
  EVENTS.forEach((e) => { e.plumbing = isPlumbing(e); });

  // One lecture event is one dot: the input that woke a process (a receipt, a command, a timer) together with what
  // its handler did at once (record, send, deliver). A loss is not a process event and has no dot.
  const groups = [];
  let open = null;
  for (const e of EVENTS) {
    if (e.kind === "loss") { e.g = null; open = null; continue; }
    if (!open || TRIGGERS.has(e.kind) || open.p !== e.p || open.t !== e.t) {
      open = { index: groups.length, p: e.p, t: e.t, events: [] };
      groups.push(open);
    }
    open.events.push(e);
    e.g = open;
  }

  // Violated properties and their events.
  const checks = SUMMARY.checks || [];
  const violating = new Map();   // event index -> property names
  for (const c of checks) {
    if (c.status !== "violated") continue;
    for (const id of c.events || []) {
      if (!violating.has(id)) violating.set(id, []);
      violating.get(id).push(c.property);
    }
  }

  // ---- small helpers -------------------------------------------------------------------------------------------
  function human(ns) {
    const a = Math.abs(ns);
    if (a >= 1e9) return +(ns / 1e9).toFixed(3) + "s";
    if (a >= 1e6) return +(ns / 1e6).toFixed(3) + "ms";
    if (a >= 1e3) return +(ns / 1e3).toFixed(3) + "\u00b5s";
    return ns === 0 ? "0" : ns + "ns";
  }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function cut(s, n) { s = String(s); return s.length <= n ? s : s.slice(0, Math.max(1, n - 1)) + "\u2026"; }
  function describe(e) {
    let text = e.node + " " + e.kind;
    if (e.kind === "send") text += " " + (e.short || "") + " to " + e.peer;
    else if (e.kind === "receive") text += " " + (e.short || "") + " from " + e.peer;
    else if (e.kind === "loss") {
      const m = messages.get(e.msg);
      text = (m && m.send ? m.send.short : e.short || "message") + " from " + e.peer + " to " + e.node + " lost";
    }
    else if (e.payload !== undefined) text += " " + e.payload;
    return text;
  }
  function stamp(e) {
    let s = "t=" + human(e.t) + ", clock " + human(e.clock);
    if (e.vc) s += ", vector (" + e.vc.join(",") + ")";
    return s;
  }
  // A clock reading on a ruler: whole units bare (the lecture's 6, 12, 18); readings of hours as a time of day
  // (the lecture's Berkeley figure: 3:00, 2:50, 3:25).
  function clockLabel(v, unitName) {
    if (unitName === "s" && v >= 3600) {
      const total = Math.round(v), h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60, sec = total % 60;
      return h + ":" + String(m).padStart(2, "0") + (sec ? ":" + String(sec).padStart(2, "0") : "");
    }
    return Math.abs(v - Math.round(v)) < 0.05 ? String(Math.round(v)) : v.toFixed(1);
  }
  function niceStep(span, wanted) {
    const raw = Math.max(1, span / wanted);
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
    return 10 * pow;
  }
  function unitOf(step) {
    for (const [u, name] of [[1e9, "s"], [1e6, "ms"], [1e3, "\u00b5s"]]) if (step >= u) return [u, name];
    return [1, "ns"];
  }

  // ---- the story first, in the lecture's words, the counters after ---------------------------------------------
  function tellStory() {
    const msg = SUMMARY.messages || {};
    const parts = [];
    parts.push(names.length + " processes");
    parts.push((msg.sent || 0) + " messages sent, " + (msg.received || 0) + " received, " + (msg.lost || 0) + " lost");
    if (DATA.complete) {
      const deliveries = EVENTS.filter((e) => e.kind === "deliver").length;
      if (deliveries) parts.push(deliveries + " deliveries");
      const entries = criticalSections().length;
      if (entries) parts.push(entries + (entries === 1 ? " entry" : " entries") + " to the critical section");
      const elected = coordinators();
      if (elected.length) {
        parts.push("coordinator" + (elected.length > 1 ? "s " : " ") + elected.map((c) => c.node
            + (c.term !== undefined ? " (term " + c.term + ")" : "")).join(", ") + " elected");
      }
      const crashes = EVENTS.filter((e) => e.kind === "crash").length;
      if (crashes) parts.push(crashes + (crashes === 1 ? " crash" : " crashes"));
    }
    // The report's own sentence when the run has one (simulate and cluster runs write it into summary.json).
    $("story").textContent = SUMMARY.story ? names.length + " processes; " + SUMMARY.story + "." : parts.join("; ") + ".";
    const counters = ["events " + (SUMMARY.events || EVENTS.length)];
    if (SUMMARY.virtualNanos !== undefined) counters.push("virtual time " + human(SUMMARY.virtualNanos));
    if (msg.duplicated) counters.push(msg.duplicated + " duplicated");
    if (msg.inFlightAtEnd) counters.push(msg.inFlightAtEnd + " in flight at the end");
    if (SUMMARY.replay) counters.push("replay: " + SUMMARY.replay);
    $("counters").textContent = counters.join(" \u00b7 ");
    const list = $("properties");
    for (const c of checks) {
      const li = document.createElement("li");
      li.className = c.status === "violated" ? "violated" : (c.status === "held" ? "held" : "nothing");
      li.dataset.property = c.property;
      if (c.status === "violated") {
        li.innerHTML = esc(c.property) + " VIOLATED: " + esc(c.detail)
            + (c.events && c.events.length ? " <span class=events>(events " + esc(c.events.slice(0, 8).join(", "))
            + (c.events.length > 8 ? ", \u2026" : "") + ")</span>" : "");
        li.title = "click to step to its first event";
        li.addEventListener("click", () => { if (c.events && c.events.length) jumpTo(c.events[0], true); });
      } else {
        li.textContent = c.property + " " + c.status;
        li.title = c.detail || "";
      }
      list.appendChild(li);
    }
  }

  // Critical sections from the processes' own display states: from the event that made "mutex" held to the one that
  // ended it (or the end of the run, or a crash).
  let sectionsCache = null;
  function criticalSections() {
    if (sectionsCache) return sectionsCache;
    const open = new Map();
    const out = [];
    for (const e of EVENTS) {
      if (e.kind === "crash" && open.has(e.p)) { out.push({ p: e.p, from: open.get(e.p), to: e }); open.delete(e.p); }
      if (!e.state || e.state.mutex === undefined) continue;
      const held = e.state.mutex === "held";
      if (held && !open.has(e.p)) open.set(e.p, e);
      else if (!held && open.has(e.p)) { out.push({ p: e.p, from: open.get(e.p), to: e }); open.delete(e.p); }
    }
    for (const [p, from] of open) out.push({ p: p, from: from, to: null });
    sectionsCache = out;
    return out;
  }

  // A coordinator is marked where a process first names itself coordinator (with a new term).
  let coordinatorsCache = null;
  function coordinators() {
    if (coordinatorsCache) return coordinatorsCache;
    const last = new Map();
    const out = [];
    for (const e of EVENTS) {
      if (!e.state || e.state.coordinator === undefined) continue;
      const key = e.state.coordinator + "/" + e.state.term;
      if (e.state.coordinator === e.node && last.get(e.p) !== key) out.push({ node: e.node, term: e.state.term, event: e });
      last.set(e.p, key);
    }
    coordinatorsCache = out;
    return out;
  }

  if (!DATA.complete || EVENTS.length === 0) {
    tellStory();
    $("controls").style.display = "none";
    $("side").style.display = "none";
    $("diagram").innerHTML = "<p class=notice>This run was kept as counts only (<code>--trace-detail counts</code>), "
        + "so there is no trace to draw or step through: the summary above is all it kept. Rerun a smaller run "
        + "with <code>--trace-detail full</code> to see its space-time diagram.</p>";
    window.viewer = { ready: true, complete: false };
    return;
  }

  // ---- layout ---------------------------------------------------------------------------------------------------
  let layout = null;        // recomputed when the filters change
  const filters = { plumbing: false, timers: true };
  function visibleEvent(e) {
    if (!filters.plumbing && e.plumbing) return false;
    if (!filters.timers && (e.kind === "timer" || e.kind === "command")) return false;
    return true;
  }

  function computeLayout() {
    const shown = groups.filter((g) => g.events.some(visibleEvent));
    const width = Math.max(400, $("scroll").clientWidth || 900);
    const col = Math.max(100, Math.min(220, Math.floor((width - LEFT - 30) / (names.length + 0.5))));
    const x = (p) => LEFT + col * p + col / 2;
    // Vertical scale: the closest two distinct moments get about 34 px, within a height that grows with the run.
    const times = Array.from(new Set(shown.map((g) => g.t))).sort((a, b) => a - b);
    const maxT = Math.max(1, times.length ? times[times.length - 1] : 1, SUMMARY.virtualNanos || 0);
    let minGap = maxT;
    for (let i = 1; i < times.length; i++) minGap = Math.min(minGap, times[i] - times[i - 1]);
    // Time runs down in proportion, except that idle stretches shrink and crowded moments widen: the gap between two
    // successive moments is kept between 40 and 100 px, as the lecture's figures space their events.
    const scale = 50 / Math.max(1, minGap);
    const anchorT = [0], anchorY = [TOP];
    for (const t of times) {
      if (t <= anchorT[anchorT.length - 1]) continue;
      const dt = t - anchorT[anchorT.length - 1];
      anchorT.push(t);
      anchorY.push(anchorY[anchorY.length - 1] + Math.max(40, Math.min(100, dt * scale)));
    }
    const timeY = (t) => {
      let lo = 0, hi = anchorT.length - 1;
      if (t >= anchorT[hi]) return anchorY[hi] + Math.min(100, (t - anchorT[hi]) * scale);
      while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (anchorT[mid] <= t) lo = mid; else hi = mid; }
      return anchorY[lo] + (anchorY[hi] - anchorY[lo]) * (t - anchorT[lo]) / (anchorT[hi] - anchorT[lo]);
    };
    const y = new Map();
    const lastY = names.map(() => TOP - GAP);
    for (const g of shown) {
      let gy = Math.max(timeY(g.t), lastY[g.p] + GAP);
      for (const e of g.events) {
        if (e.kind !== "receive") continue;
        const m = messages.get(e.msg);
        if (m && m.send && y.has(m.send.g)) gy = Math.max(gy, y.get(m.send.g) + 22);   // arrows slope, as drawn in the lecture
      }
      y.set(g, gy);
      lastY[g.p] = gy;
    }
    const bottom = Math.max(timeY(maxT), ...lastY) + 40;
    layout = { shown, col, x, y, scale, maxT, bottom, width: LEFT + col * (names.length + 0.5), timeY };
  }

  // Label boxes already placed, so that a new label moves rather than lands on one.
  function makeSpace() {
    const boxes = [];
    return {
      free(x, y, w, h) {
        for (const b of boxes) if (x < b.x + b.w && b.x < x + w && y < b.y + b.h && b.y < y + h) return false;
        return true;
      },
      take(x, y, w, h) { boxes.push({ x, y, w, h }); }
    };
  }
  const CHAR = 6.1;   // px per character at 11 px

  function rulers(parts) {
    // Drawn when the processes' clocks run at visibly different rates or offsets (the lecture's figure 3).
    const L = layout;
    const perProcess = names.map(() => []);
    for (const e of EVENTS) if (e.kind !== "loss" && e.p !== undefined) perProcess[e.p].push(e);
    const step = niceStep(L.maxT, 10);
    let differ = false;
    for (const list of perProcess) {
      if (list.length < 2) continue;
      const a = list[0], b = list[list.length - 1];
      if (b.t > a.t && Math.abs((b.clock - a.clock) / (b.t - a.t) - 1) > 0.05) differ = true;
      if (Math.abs(a.clock - a.t) >= step / 2) differ = true;
    }
    const [unit, unitName] = unitOf(step);
    // The time axis, always.
    // Where idle time is compressed, grid lines come close: a label only where it has room.
    let lastLabel = -1e9;
    for (let t = 0; t <= L.maxT; t += step) {
      if (L.timeY(t) - lastLabel < 13) continue;
      lastLabel = L.timeY(t);
      parts.push(`<text x="6" y="${L.timeY(t) + 4}" fill="#888" font-size="10">${esc(human(t))}</text>`);
      parts.push(`<line x1="${LEFT - 10}" x2="${L.width}" y1="${L.timeY(t)}" y2="${L.timeY(t)}" stroke="#f2f2f2"/>`);
    }
    if (!differ) return;
    parts.push(`<text x="6" y="${TOP - 14}" fill="#888" font-size="10">clocks in ${unitName}</text>`);
    perProcess.forEach((list, p) => {
      if (!list.length) return;
      const x = L.x(p);
      const clockAt = (t) => {
        // Interpolate between the process's readings around t; past its last reading, go on at its last rate.
        let i = 0;
        while (i < list.length - 1 && list[i + 1].t <= t) i++;
        const a = list[i];
        let b = null;
        for (let j = i + 1; j < list.length && !b; j++) if (list[j].t !== a.t) b = list[j];
        for (let j = i - 1; j >= 0 && !b; j--) if (list[j].t !== a.t) b = list[j];
        const rate = b ? (b.clock - a.clock) / (b.t - a.t) : 1;
        return a.clock + (t - a.t) * rate;
      };
      let lastTick = -1e9;
      for (let t = 0; t <= L.maxT; t += step) {
        const ty = L.timeY(t);
        if (ty - lastTick < 13) continue;
        lastTick = ty;
        const v = clockAt(t) / unit;
        const label = clockLabel(v, unitName);
        parts.push(`<line x1="${x - 5}" x2="${x + 5}" y1="${ty}" y2="${ty}" stroke="#aaa"/>`);
        parts.push(`<text class="ruler" x="${x - 8}" y="${ty + 3}" fill="#999" font-size="9" text-anchor="end" data-node="${esc(names[p])}">${esc(label)}</text>`);
      }
    });
  }

  function groupLabel(g, maxChars) {
    const texts = [];
    for (const e of g.events) {
      if ((e.kind === "internal" || e.kind === "deliver") && visibleEvent(e) && e.label) {
        texts.push(e.label.length > maxChars && e.narrowLabel ? e.narrowLabel : e.label);
      }
    }
    if (!texts.length) {
      const k = g.events[0].kind;
      if (k === "crash") return "crash";
      if (k === "recover") return "recover";
    }
    return texts.length ? texts[0] : "";
  }

  function draw() {
    computeLayout();
    const L = layout;
    const parts = [];
    const space = makeSpace();
    parts.push(`<svg xmlns="${SVG_NS}" id="svg" width="${L.width}" height="${L.bottom + 10}" font-family="Helvetica, Arial, sans-serif" font-size="11">`);
    parts.push(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke"/></marker></defs>`);
    rulers(parts);
    // Process lines: solid while up, dotted while crashed.
    names.forEach((name, p) => {
      const x = L.x(p);
      let from = TOP - 6, down = false;
      for (const g of L.shown) {
        if (g.p !== p) continue;
        const k = g.events[0].kind;
        if (k === "crash" && !down) {
          parts.push(`<line x1="${x}" x2="${x}" y1="${from}" y2="${L.y.get(g)}" stroke="#888" stroke-width="1.5"/>`);
          from = L.y.get(g); down = true;
        } else if ((k === "recover" || k === "start") && down) {
          parts.push(`<line x1="${x}" x2="${x}" y1="${from}" y2="${L.y.get(g)}" stroke="#ccc" stroke-dasharray="2 4"/>`);
          from = L.y.get(g); down = false;
        }
      }
      parts.push(`<line x1="${x}" x2="${x}" y1="${from}" y2="${L.bottom - 20}" stroke="${down ? "#ccc" : "#888"}" ${down ? 'stroke-dasharray="2 4"' : 'stroke-width="1.5"'}/>`);
      parts.push(`<text x="${x}" y="${L.bottom - 4}" text-anchor="middle" font-weight="bold" fill="#555">${esc(name)}</text>`);
    });
    // Critical sections, shaded along the process line.
    for (const s of criticalSections()) {
      if (!L.y.has(s.from.g)) continue;
      const y1 = L.y.get(s.from.g);
      const y2 = s.to && L.y.has(s.to.g) ? L.y.get(s.to.g) : L.bottom - 20;
      const x = L.x(s.p);
      parts.push(`<rect class="cs" x="${x - 7}" y="${y1}" width="14" height="${Math.max(4, y2 - y1)}" fill="#f5b700" opacity="0.35"><title>${esc(names[s.p])} in the critical section</title></rect>`);
      space.take(x - 7, y1, 14, y2 - y1);
    }
    // Messages.
    for (const m of messages.values()) {
      const s = m.send;
      if (!s || !s.g || !L.y.has(s.g) || !visibleEvent(s)) continue;
      const x1 = L.x(s.p), y1 = L.y.get(s.g);
      const colour = s.plumbing ? "#aab" : "#1f4e99";
      const ends = m.ends.length ? m.ends : [null];
      for (const end of ends) {
        let x2, y2, body;
        if (end && end.kind === "receive" && L.y.has(end.g)) {
          x2 = L.x(end.p); y2 = L.y.get(end.g);
          body = `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="1.3" marker-end="url(#arrow)"/>`;
        } else if (end && end.kind === "loss") {
          const xr = L.x(end.p), yr = Math.max(y1 + 20, L.timeY(end.t));
          x2 = (x1 + xr) / 2; y2 = (y1 + yr) / 2;
          body = `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#c33" stroke-width="1.3" stroke-dasharray="4 3"/>`
              + `<text x="${x2}" y="${y2 + 5}" fill="#c33" font-size="15" text-anchor="middle">\u2717</text>`;
        } else if (!end) {
          x2 = L.x(nodeIndex.get(s.peer) ?? s.p); y2 = y1 + 24;
          x2 = x1 + (x2 - x1) * 0.3;
          body = `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-dasharray="2 3"/>`;
        } else continue;
        const title = esc((end && end.kind === "loss" ? "lost: " : "") + (s.payload || s.short || "") + " (" + s.node + " \u2192 " + s.peer + ")");
        parts.push(`<g class="msg" data-msg="${m.id}" data-from="${s.i}" data-to="${end ? end.i : -1}"><title>${title}</title>${body}</g>`);
        // The message's short name, placed along the arrow where it lands on nothing else.
        const label = s.short || "";
        if (!label || s.plumbing) continue;
        const w = label.length * CHAR, h = 11;
        const leftward = x2 < x1;
        for (const f of [0.22, 0.38, 0.55, 0.12, 0.7]) {
          const lx = x1 + (x2 - x1) * f + (leftward ? -4 - w : 4);
          const ly = y1 + (y2 - y1) * f - 4;
          if (space.free(lx, ly - h, w, h)) {
            space.take(lx, ly - h, w, h);
            parts.push(`<text class="mlabel" x="${lx}" y="${ly}" fill="${colour}" font-size="11">${esc(label)}</text>`);
            break;
          }
        }
        // Where everything near the arrow is taken, no label: the arrow's tooltip still names it.
      }
    }
    // Dots, one per lecture event, with their labels to the right.
    const maxChars = Math.max(8, Math.floor((L.col - 18) / CHAR));
    for (const g of L.shown) {
      const x = L.x(g.p), gy = L.y.get(g);
      const kinds = g.events.filter(visibleEvent).map((e) => e.kind);
      const first = kinds[0];
      const ids = g.events.map((e) => e.i);
      const bad = ids.filter((i) => violating.has(i));
      let shape;
      if (first === "crash") shape = `<text x="${x}" y="${gy + 6}" fill="#c00" font-size="18" text-anchor="middle">\u2716</text><circle class="dot" cx="${x}" cy="${gy}" r="7" fill="transparent" stroke="none"/>`;
      else if (first === "start" || first === "recover") shape = `<rect class="dot" x="${x - 4}" y="${gy - 4}" width="8" height="8" fill="#2a2"/>`;
      else {
        const fill = kinds.includes("deliver") ? "#2a8a2a" : kinds.includes("internal") ? "#e07b00"
            : (kinds.includes("send") || kinds.includes("receive")) ? "#1f4e99" : "#aaa";
        shape = `<circle class="dot" cx="${x}" cy="${gy}" r="${first === "timer" || first === "command" ? 4 : 5}" fill="${fill}"/>`;
      }
      const tip = g.events.filter(visibleEvent).map((e) => "#" + e.i + " " + describe(e)).join("\n") + "\n" + stamp(g.events[g.events.length - 1]);
      const search = esc(g.events.map((e) => describe(e)).join(" ").toLowerCase());
      parts.push(`<g class="group${bad.length ? " violation" : ""}" data-group="${g.index}" data-node="${esc(names[g.p])}" data-events="${ids.join(",")}" data-text="${search}"><title>${esc(tip)}</title>${shape}</g>`);
      let label = groupLabel(g, maxChars);
      const coordinator = coordinators().find((c) => c.event.g === g);
      // A coordinator's star, with its term beside it or, where the column is narrow, below it.
      let termLine = null;
      if (coordinator) {
        label = "\u2605 coordinator";
        if (coordinator.term !== undefined) {
          const full = label + " (term " + coordinator.term + ")";
          if (full.length <= maxChars) label = full; else termLine = "term " + coordinator.term;
        }
      }
      if (label) {
        const text = cut(label, maxChars);
        const w = text.length * CHAR;
        // Below an arrow that leaves or enters to the right, so the text does not sit on it.
        const rightward = g.events.some((e) => {
          const m = e.msg !== undefined ? messages.get(e.msg) : null;
          if (!m || !m.send || !visibleEvent(e)) return false;
          const other = e.kind === "send" ? m.ends.find((x) => x.kind === "receive") : m.send;
          return other && other.p > g.p;
        });
        let ly = gy + (rightward ? 15 : 4);
        while (!space.free(x + 8, ly - 10, w, 12) && ly < gy + 30) ly += 6;
        space.take(x + 8, ly - 10, w, 12);
        parts.push(`<text class="elabel" x="${x + 8}" y="${ly}" fill="${coordinator ? "#7b2cbf" : "#555"}" font-size="11"${coordinator ? ' font-weight="bold"' : ""}>${esc(text)}</text>`);
        if (termLine) {
          space.take(x + 8, ly + 2, termLine.length * CHAR, 12);
          parts.push(`<text class="elabel" x="${x + 8}" y="${ly + 12}" fill="#7b2cbf" font-size="11">${esc(termLine)}</text>`);
        }
      }
      if (bad.length) {
        const props = Array.from(new Set(bad.flatMap((i) => violating.get(i)))).join(", ");
        const w = props.length * CHAR;
        let ly = gy + 16;
        while (!space.free(x + 8, ly - 10, w, 12) && ly < gy + 40) ly += 6;
        space.take(x + 8, ly - 10, w, 12);
        parts.push(`<text class="vlabel" x="${x + 8}" y="${ly}" font-size="11">${esc(props)} violated</text>`);
      }
    }
    // The step cursor: a ring on the current dot, a line across, and a veil over what has not happened yet.
    parts.push(`<rect id="veil" x="0" y="0" width="${L.width}" height="0" fill="white" opacity="0.7" pointer-events="none"/>`);
    parts.push(`<line id="now" x1="${LEFT - 10}" x2="${L.width}" y1="0" y2="0" stroke="#f0a000" stroke-dasharray="5 4" pointer-events="none"/>`);
    parts.push(`<circle id="cursor" cx="0" cy="0" r="10" fill="none" stroke="#f0a000" stroke-width="2.5" pointer-events="none"/>`);
    parts.push("</svg>");
    $("diagram").innerHTML = parts.join("\n");
    $("names").style.width = L.width + "px";
    $("names").innerHTML = names.map((n, p) => `<span style="left:${L.x(p)}px">${esc(n)}</span>`).join("");
    groupElements = Array.from(document.querySelectorAll("#svg .group"));
    messageElements = Array.from(document.querySelectorAll("#svg .msg"));
    $("svg").addEventListener("click", (ev) => {
      const el = ev.target.closest(".group");
      if (el) selectGroup(+el.dataset.group);
    });
    if (selected !== null) selectGroup(selected);
    applySearch();
  }
  let groupElements = [], messageElements = [];

  // ---- stepping ---------------------------------------------------------------------------------------------------
  let steps = [];   // indices of the events the filters let through
  let step = 0;
  const statesOf = names.map(() => []);     // per process, the events that carry its display state
  const eventsOf = names.map(() => []);     // per process, its events
  for (const e of EVENTS) {
    if (e.p === undefined || e.kind === "loss") continue;
    eventsOf[e.p].push(e.i);
    if (e.state) statesOf[e.p].push(e.i);
  }
  function latest(list, k) {
    let lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] <= k) { found = list[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  function rebuildSteps() {
    steps = EVENTS.filter(visibleEvent).map((e) => e.i);
    const slider = $("slider");
    slider.max = Math.max(0, steps.length - 1);
  }

  function showStep(s) {
    step = Math.max(0, Math.min(steps.length - 1, s));
    const k = steps[step];
    const e = EVENTS[k];
    $("slider").value = step;
    $("position").textContent = "event " + (step + 1) + " of " + steps.length;
    // The diagram.
    const L = layout;
    const g = e.g && L.y.has(e.g) ? e.g : null;
    const cy = g ? L.y.get(g) : L.timeY(e.t);
    const cursor = $("cursor");
    cursor.setAttribute("cx", g ? L.x(g.p) : L.x(e.p));
    cursor.setAttribute("cy", cy);
    $("now").setAttribute("y1", cy);
    $("now").setAttribute("y2", cy);
    const atEnd = step === steps.length - 1;
    $("veil").setAttribute("y", cy + 20);
    $("veil").setAttribute("height", atEnd ? 0 : Math.max(0, L.bottom - cy));
    // The event.
    const props = violating.get(k);
    $("current").innerHTML = `<div data-event="${k}"><b>#${k}</b> ${esc(describe(e))}</div><div class=where>${esc(stamp(e))}</div>`
        + (props ? `<div style="color:#c00">violates ${esc(props.join(", "))}</div>` : "");
    // Each process at this point.
    const rows = [];
    const limit = Math.min(names.length, 40);
    for (let p = 0; p < limit; p++) {
      const lastEvent = latest(eventsOf[p], k);
      const stateEvent = latest(statesOf[p], k);
      let down = false;
      if (lastEvent >= 0) down = EVENTS[lastEvent].kind === "crash";
      const cells = [];
      if (down) cells.push(`<span class=kv data-key="status">crashed</span>`);
      if (stateEvent >= 0 && !down) {
        for (const [key, value] of Object.entries(EVENTS[stateEvent].state)) {
          cells.push(`<span class=kv data-key="${esc(key)}"><b>${esc(key)}:</b> <span class=v>${esc(value)}</span></span>`);
        }
      }
      if (lastEvent >= 0) {
        const le = EVENTS[lastEvent];
        if (le.vc) cells.push(`<span class=kv data-key="vector timestamp"><b>vector timestamp:</b> <span class=v>(${le.vc.join(",")})</span></span>`);
        cells.push(`<span class=kv data-key="physical clock"><b>physical clock:</b> <span class=v>${esc(human(le.clock))}</span> (offset ${esc(human(le.clock - le.t))})</span>`);
      } else {
        cells.push(`<span class=kv>not started</span>`);
      }
      rows.push(`<tr data-node="${esc(names[p])}" class="${down ? "down" : ""}${p === e.p ? " current" : ""}"><th>${esc(names[p])}</th><td>${cells.join("")}</td></tr>`);
    }
    if (names.length > limit) rows.push(`<tr><td colspan=2>\u2026 and ${names.length - limit} more processes</td></tr>`);
    $("states").innerHTML = rows.join("");
    // Messages in flight: sent at or before this event, not yet received or lost.
    const flying = [];
    for (const m of messages.values()) {
      if (!m.send || m.send.i > k || m.send.plumbing && !filters.plumbing) continue;
      if (m.ends.length && m.ends.every((end) => end.i <= k)) continue;
      flying.push(m);
    }
    $("inflight").innerHTML = flying.length ? flying.slice(0, 30).map((m) => `<div data-msg="${m.id}">${esc(m.send.short || "message")} ${esc(m.send.node)} \u2192 ${esc(m.send.peer)}</div>`).join("")
        + (flying.length > 30 ? `<div>\u2026 and ${flying.length - 30} more</div>` : "") : "none";
  }

  function jumpTo(eventIndex, scroll) {
    let s = steps.indexOf(eventIndex);
    if (s < 0) s = Math.max(0, steps.findIndex((i) => i >= eventIndex));
    showStep(s);
    const e = EVENTS[eventIndex];
    if (e.g) selectGroup(e.g.index);
    if (scroll && layout && e.g && layout.y.has(e.g)) {
      const box = $("scroll");
      box.scrollTop = Math.max(0, layout.y.get(e.g) - box.clientHeight / 2);
    }
  }

  // ---- causality ------------------------------------------------------------------------------------------------
  // f happened before e exactly when f's own entry of its vector timestamp is at most e's entry for f's process.
  let selected = null;
  function before(f, e) { return f !== e && f.vc && e.vc && f.vc[f.p] <= e.vc[f.p]; }
  function selectGroup(index) {
    selected = index;
    const g = groups[index];
    const e = g.events[g.events.length - 1];
    const first = g.events[0];
    let past = 0, future = 0;
    for (const el of groupElements) {
      const other = groups[+el.dataset.group];
      el.classList.remove("past", "future", "selected");
      if (other === g) { el.classList.add("selected"); continue; }
      if (other.events.some((f) => before(f, e))) { el.classList.add("past"); past++; }
      else if (other.events.some((f) => before(first, f))) { el.classList.add("future"); future++; }
    }
    for (const el of messageElements) {
      el.classList.remove("past", "future");
      const from = EVENTS[+el.dataset.from], to = +el.dataset.to >= 0 ? EVENTS[+el.dataset.to] : null;
      if (!to || to.kind !== "receive") continue;
      if (from.g && to.g && (before(to, e) || to === e) && (before(from, e) || from.g === g)) el.classList.add("past");
      else if ((before(first, from) || from.g === g) && before(first, to)) el.classList.add("future");
    }
    $("selection").innerHTML = `<b>${esc(names[g.p])}</b>: ${esc(g.events.map((x) => "#" + x.i + " " + x.kind).join(", "))}`
        + `<br>causal past: <span id="past-count">${past}</span> dots (blue); future: <span id="future-count">${future}</span> dots (green); the rest is concurrent.`;
  }

  // ---- search -----------------------------------------------------------------------------------------------------
  let matches = [];
  let matchCursor = -1;
  function applySearch() {
    const q = $("search").value.trim().toLowerCase();
    const svg = $("svg");
    matches = [];
    for (const el of groupElements) {
      const hit = q !== "" && el.dataset.text.includes(q);
      el.classList.toggle("match", hit);
      if (hit) matches.push(+el.dataset.group);
    }
    if (svg) svg.classList.toggle("searching", q !== "");
    $("matches").textContent = q === "" ? "" : matches.length + (matches.length === 1 ? " match" : " matches");
    matchCursor = -1;
  }

  // ---- wiring -----------------------------------------------------------------------------------------------------
  let timer = null;
  function play(on) {
    if (on && !timer) {
      if (step >= steps.length - 1) showStep(0);
      timer = setInterval(() => { if (step >= steps.length - 1) play(false); else showStep(step + 1); }, 350);
    } else if (!on && timer) { clearInterval(timer); timer = null; }
    $("play").textContent = timer ? "pause" : "play";
  }
  $("slider").addEventListener("input", () => showStep(+$("slider").value));
  $("first").addEventListener("click", () => showStep(0));
  $("last").addEventListener("click", () => showStep(steps.length - 1));
  $("back").addEventListener("click", () => showStep(step - 1));
  $("forward").addEventListener("click", () => showStep(step + 1));
  $("play").addEventListener("click", () => play(!timer));
  $("search").addEventListener("input", applySearch);
  $("search").addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter" || !matches.length) return;
    matchCursor = (matchCursor + 1) % matches.length;
    jumpTo(groups[matches[matchCursor]].events[0].i, true);
  });
  function refilter() {
    const at = steps[step];
    filters.plumbing = $("show-plumbing").checked;
    filters.timers = $("show-timers").checked;
    draw();
    rebuildSteps();
    let s = steps.findIndex((i) => i >= at);
    showStep(s < 0 ? steps.length - 1 : s);
  }
  $("show-plumbing").addEventListener("change", refilter);
  $("show-timers").addEventListener("change", refilter);
  document.addEventListener("keydown", (ev) => {
    if (ev.target && ev.target.tagName === "INPUT" && ev.target.type !== "range" && ev.target.type !== "checkbox") return;
    if (ev.key === "ArrowRight") { showStep(step + 1); ev.preventDefault(); }
    else if (ev.key === "ArrowLeft") { showStep(step - 1); ev.preventDefault(); }
    else if (ev.key === "Home") { showStep(0); ev.preventDefault(); }
    else if (ev.key === "End") { showStep(steps.length - 1); ev.preventDefault(); }
    else if (ev.key === " ") { play(!timer); ev.preventDefault(); }
  });
  $("legend").innerHTML = "dot: one event of a process (what woke it and what it did at once); "
      + "<span style='color:#1f4e99'>blue</span> send/receive, <span style='color:#e07b00'>orange</span> recorded, "
      + "<span style='color:#2a8a2a'>green</span> delivered, green square start/recover, "
      + "<span style='color:#c00'>\u2716</span> crash, <span style='color:#c33'>\u2717</span> lost message, "
      + "<span style='background:#f5b70060'>&nbsp;shaded&nbsp;</span> critical section, "
      + "<span style='color:#7b2cbf'>\u2605</span> coordinator, <span style='color:#c00'>red</span> a violated property's events. "
      + "Keys: \u2190 \u2192 step, Home/End, Space play.";

  const started = performance.now();
  $("show-plumbing").checked = filters.plumbing;
  tellStory();
  draw();
  rebuildSteps();
  showStep(steps.length - 1);
  window.viewer = {
    ready: true,
    complete: true,
    loadMillis: performance.now() - started,
    events: EVENTS.length,
    step: () => steps[step],
    show: (s) => showStep(s),
    steps: () => steps.length
  };
})();
