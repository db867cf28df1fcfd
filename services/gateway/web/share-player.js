// The share page: draws one moment of a recorded session in xterm.js, then plays on from there in real time.
// Served as is (no build step); it talks only to /api/v1/shared/<token>, the token being this page's path.
(function () {
  'use strict';

  const PAGE_SIZE = 5000;
  const TICK_MS = 250;
  const token = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').pop() || '');
  const $ = (id) => document.getElementById(id);

  let term;
  let info;
  let before = [];
  const timeline = { events: [], loaded: false };
  const player = { playing: false, run: 0, clock: 0, startWall: 0, startClock: 0, next: 0 };
  const state = { paused: null, editor: null };

  async function api(path) {
    const response = await fetch(`/api/v1/shared/${encodeURIComponent(token)}${path}`, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.message || `the server answered ${response.status}`);
    return body;
  }

  // Pages of events after `after`, until the end or (with `throughSeq`) until that seq is in.
  async function loadEvents(after, throughSeq, into) {
    let next = after;
    for (;;) {
      const page = await api(`/events?after=${next}&limit=${PAGE_SIZE}`);
      into.push(...page.items);
      if (page.nextAfter === null) return { next: null };
      next = page.nextAfter;
      if (throughSeq !== undefined && next >= throughSeq) return { next };
    }
  }

  function write(data) {
    return new Promise((resolve) => term.write(data, resolve));
  }

  // Output in order; a size change waits for the output before it, which was laid out at the old size.
  async function apply(events) {
    let pending = '';
    for (const event of events) {
      noteState(event);
      const size = sizeOf(event);
      if (size) {
        if (pending) await write(pending);
        pending = '';
        term.resize(size.cols, size.rows);
      } else if (event.type === 'terminal.output') {
        pending += event.payload.data;
      }
    }
    if (pending) await write(pending);
    showState();
  }

  function sizeOf(event) {
    const p = event.payload;
    if (event.type === 'terminal.resize') return p;
    if (event.type === 'session.started' && p.cols > 0 && p.rows > 0) return p;
    return undefined;
  }

  // What a debugger or an editor showed at the moment, folded from their events.
  function noteState(event) {
    const p = event.payload;
    if (event.type === 'runtime.paused') state.paused = p;
    else if (event.type === 'runtime.resumed') state.paused = null;
    else if (event.type === 'editor.file.opened') state.editor = { path: p.path, line: null };
    else if (event.type === 'editor.selection.changed')
      state.editor = { path: p.path, line: p.selections[0].active.line + 1 };
    else if (event.type === 'editor.file.closed' && state.editor && state.editor.path === p.path)
      state.editor = null;
  }

  function showState() {
    const lines = [];
    if (state.paused) {
      const frame = state.paused.frames[0];
      const where = frame ? ` in ${frame.function} at ${frame.file || '?'}:${frame.line}` : '';
      lines.push(`Debugger paused (${state.paused.reason})${where}`);
      for (const scope of (frame && frame.scopes) || [])
        for (const v of scope.variables.slice(0, 12)) lines.push(`  ${v.name} = ${v.value}`);
    }
    if (state.editor)
      lines.push(
        `Editor: ${state.editor.path}${state.editor.line ? `, line ${state.editor.line}` : ''}`,
      );
    $('state-note').hidden = lines.length === 0;
    $('state-note').textContent = lines.join('\n');
  }

  function clockText(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const two = (n) => String(n).padStart(2, '0');
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
  }

  function showPosition(at) {
    const first = Date.parse(info.session.startedAt);
    const total = Math.max(info.session.durationMs, at - first);
    $('position').textContent = `at ${clockText(at - first)} of ${clockText(total)}`;
  }

  // The visible screen (not the scrollback), without trailing blanks (written or not): what a viewer reads.
  function screenText() {
    const buffer = term.buffer.active;
    const lines = [];
    for (let y = 0; y < term.rows; y++) {
      const line = buffer.getLine(buffer.baseY + y);
      lines.push(line ? line.translateToString(true).replace(/\s+$/, '') : '');
    }
    return lines.join('\n').replace(/\n+$/, '');
  }

  function setPlayback(name, button) {
    document.body.dataset.playback = name;
    $('play').textContent = button;
  }

  function play() {
    if (document.body.dataset.playback === 'ended') return restart();
    player.playing = true;
    player.run += 1;
    player.startWall = performance.now();
    player.startClock = player.clock;
    setPlayback('playing', '❚❚ Pause');
    tick(player.run);
  }

  function pause() {
    player.clock = now();
    player.playing = false;
    player.run += 1;
    setPlayback('paused', '▶ Play');
  }

  function now() {
    return player.playing
      ? player.startClock + (performance.now() - player.startWall)
      : player.clock;
  }

  // Real time from the moment: every event is written when the session clock reaches its `at`.
  async function tick(run) {
    if (run !== player.run) return;
    const t = now();
    const due = [];
    while (player.next < timeline.events.length && timeline.events[player.next].at <= t)
      due.push(timeline.events[player.next++]);
    if (due.length) await apply(due);
    if (run !== player.run) return;
    showPosition(t);
    if (player.next >= timeline.events.length && timeline.loaded) {
      player.clock = t;
      player.playing = false;
      player.run += 1;
      return setPlayback('ended', '↺ From the moment');
    }
    const upcoming = timeline.events[player.next];
    const wait = upcoming ? Math.min(upcoming.at - now(), TICK_MS) : TICK_MS;
    setTimeout(() => tick(run), Math.max(0, wait));
  }

  async function restart() {
    player.run += 1;
    term.reset();
    term.resize(initialSize().cols, initialSize().rows);
    state.paused = null;
    state.editor = null;
    await showMoment();
    setPlayback('paused', '▶ Play');
    play();
  }

  async function showMoment() {
    await apply(before);
    player.next = 0;
    player.clock = Date.parse(info.at);
    showPosition(player.clock);
  }

  function describe() {
    const s = info.session;
    const title = s.title || `Session ${info.sessionId}`;
    const moment = clockText(info.offsetMs);
    $('title').textContent = title;
    document.title = `${title} at ${moment} · Backtrack`;
    const who = [s.user && s.host ? `${s.user}@${s.host}` : s.user, s.repo].filter(Boolean);
    const when = s.startedAt ? new Date(s.startedAt).toLocaleString() : '';
    $('who').textContent = [...who, when].filter(Boolean).join(' · ');
    $('label').textContent = info.label;
  }

  function initialSize() {
    return { cols: info.session.cols || 80, rows: info.session.rows || 24 };
  }

  // The recorded width fits the window: a monospace cell is about 0.6em wide.
  function fittingFontSize(cols) {
    const room = document.documentElement.clientWidth - 64;
    return Math.max(8, Math.min(14, Math.floor(room / (cols * 0.6))));
  }

  async function main() {
    info = await api('');
    describe();
    term = new Terminal({
      ...initialSize(),
      disableStdin: true,
      cursorBlink: false,
      scrollback: 5000,
      fontSize: fittingFontSize(initialSize().cols),
      theme: { background: '#000000' },
    });
    term.open($('terminal'));
    const events = [];
    const { next } = await loadEvents(0, info.seq, events);
    before = events.filter((e) => e.seq <= info.seq);
    timeline.events.push(...events.filter((e) => e.seq > info.seq));
    await showMoment();
    $('play').addEventListener('click', () => (player.playing ? pause() : play()));
    if (next === null) timeline.loaded = true;
    else loadEvents(next, undefined, timeline.events).then(() => (timeline.loaded = true), fail);
    if (timeline.loaded && timeline.events.length === 0) {
      setPlayback('ended', '■ End of the recording');
    } else {
      setPlayback('paused', '▶ Play');
      $('play').disabled = false;
    }
    document.body.dataset.state = 'ready';
  }

  function fail(error) {
    document.body.dataset.state = 'error';
    $('error').hidden = false;
    $('error').textContent = error.message;
  }

  // For people and for browser tests alike.
  window.backtrack = { screenText: () => (term ? screenText() : ''), play, pause };
  main().catch(fail);
})();
