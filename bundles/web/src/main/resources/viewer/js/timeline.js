// The timeline: a ruler, CPU rows (which thread ran where), then a row per thread grouped by process,
// coloured by thread state, with sample ticks, health findings and the selected range drawn over it.
// Labels are DOM elements (data-thread="pid:tid") laid beside one canvas that stays in view while the
// rows scroll; only the visible rows are drawn. The data comes from the server already reduced to about one
// interval per pixel column; between a view change and the refetched answer the last answer is redrawn at
// the new scale, and the whole-capture answer fills what the last one does not cover.

import {STATE_COLORS, formatDuration, formatOffset, threadColor, threadKey, escapeHtml} from './format.js';

export const LAYOUT = {
  labelWidth: 230,
  sectionHeight: 18,
  processHeight: 22,
  cpuHeight: 12,
  threadHeight: 20,
  // Inside a thread row: the state bar, then the strip the sample ticks are drawn in.
  barTop: 2,
  barHeight: 12,
  tickTop: 15,
  tickHeight: 4,
};

const MIN_SPAN = 1000;
const DRAG_THRESHOLD = 3;
const BACKGROUND = '#1b1d21';
const ROW_STRIPE = '#212329';
const PROCESS_BACKGROUND = '#2b2f37';
const TICK_COLOR = '#e8edf2';
const SELECTION_FILL = 'rgba(88, 166, 255, 0.16)';
const SELECTION_EDGE = 'rgba(88, 166, 255, 0.9)';
const FINDING_COLORS = {
  ERROR: ['rgba(248, 81, 73, 0.20)', 'rgba(248, 81, 73, 0.9)'],
  WARNING: ['rgba(255, 196, 0, 0.16)', 'rgba(255, 196, 0, 0.9)'],
  INFO: ['rgba(200, 200, 255, 0.10)', 'rgba(200, 200, 255, 0.7)'],
};

export class Timeline {
  /**
   * @param elements {scroll, body, labels, canvas, ruler, tooltip}
   * @param callbacks {onViewChange(view), onSelect(range|null), onThreadClick(row, time, interval), onRowsChange()}
   */
  constructor(elements, callbacks) {
    this.el = elements;
    this.callbacks = callbacks;
    this.capture = {start: 0, end: 1};
    this.view = {from: 0, to: 1};
    this.selection = null;
    this.processes = [];
    this.cpuCount = 0;
    this.sortBy = 'cpu';
    this.visibleThreads = null;
    this.collapsed = new Set();
    this.rows = [];
    this.rowsByKey = new Map();
    this.contentHeight = 0;
    this.overview = null;
    this.detail = null;
    this.ticks = new Map();
    this.findings = [];
    this.highlight = null;
    this.wait = null;
    this.frameScheduled = false;
    this.frames = 0;
    this.lastDrawMillis = 0;
    this.drawListeners = [];
    this.drag = null;
    this.installEvents();
  }

  // ---- model ----

  /** The capture's time range: known from the capture list, before the summary arrives. */
  setRange(start, end) {
    this.capture = {start, end: Math.max(end, start + 1)};
    this.view = {from: this.capture.start, to: this.capture.end};
    this.resize();
  }

  setSummary(summary) {
    this.processes = summary.processes;
    this.cpuCount = summary.cpuCount || 0;
    this.layoutRows();
  }

  setFindings(findings) {
    this.findings = findings;
    this.requestDraw();
  }

  setSort(sortBy) {
    this.sortBy = sortBy;
    this.layoutRows();
  }

  /** Only these threads ("pid:tid") get rows; null shows every thread. */
  setVisibleThreads(keys) {
    this.visibleThreads = keys;
    this.layoutRows();
  }

  /**
   * A timeline answer (and the samples answer for the same window). The first one is kept as the overview. An
   * answer without CPU rows (asked with cpus=false) keeps those of the last answer, which was for the same window.
   */
  setData(timeline, samples) {
    const data = {from: timeline.from, to: timeline.to, threads: new Map(), cpus: new Map()};
    for (const thread of timeline.threads) {
      const row = decodeTimes(timeline.from, thread.gaps, thread.lengths);
      row.states = thread.states.map(index => timeline.states[index]);
      row.cpus = Int32Array.from(thread.cpus);
      data.threads.set(threadKey(thread.pid, thread.tid), row);
    }
    if (timeline.cpus) {
      for (const cpu of timeline.cpus) {
        const row = decodeTimes(timeline.from, cpu.gaps, cpu.lengths);
        row.pids = Int32Array.from(cpu.pids);
        row.tids = Int32Array.from(cpu.tids);
        data.cpus.set(cpu.cpu, row);
      }
    } else if (this.detail) {
      data.cpus = this.detail.cpus;
    }
    const ticks = new Map();
    for (const thread of samples.threads || []) ticks.set(threadKey(thread.pid, thread.tid), decodeTicks(samples.from, thread.gaps));
    if (!this.overview || (data.from <= this.capture.start && data.to >= this.capture.end)) {
      this.overview = data;
    }
    this.detail = data;
    this.ticks = ticks;
    this.ticksRange = {from: data.from, to: data.to};
    this.requestDraw();
  }

  threadName(key) {
    const row = this.rowsByKey.get(key);
    if (row) return row.name;
    for (const process of this.processes) {
      for (const thread of process.threads) {
        if (threadKey(thread.pid, thread.tid) === key) return thread.name;
      }
    }
    return key;
  }

  layoutRows() {
    const rows = [];
    let y = 0;
    const add = (row, height) => {
      row.y = y;
      row.height = height;
      rows.push(row);
      y += height;
    };
    if (this.cpuCount > 0) {
      add({kind: 'section', label: 'CPUs'}, LAYOUT.sectionHeight);
      for (let cpu = 0; cpu < this.cpuCount; cpu++) add({kind: 'cpu', cpu, label: 'CPU ' + cpu}, LAYOUT.cpuHeight);
    }
    add({kind: 'section', label: 'Threads'}, LAYOUT.sectionHeight);
    const byCpu = this.sortBy === 'cpu';
    const processes = this.processes.map(process => ({
      ...process,
      cpuNanos: process.threads.reduce((sum, t) => sum + t.cpuNanos, 0),
      threads: process.threads.filter(t => !this.visibleThreads || this.visibleThreads.has(threadKey(t.pid, t.tid))),
    })).filter(process => process.threads.length > 0);
    processes.sort(byCpu ? (a, b) => b.cpuNanos - a.cpuNanos || a.pid - b.pid : (a, b) => a.pid - b.pid);
    for (const process of processes) {
      const collapsed = this.collapsed.has(process.pid);
      add({kind: 'process', pid: process.pid, label: process.name, cpuNanos: process.cpuNanos,
        threadCount: process.threads.length, collapsed}, LAYOUT.processHeight);
      if (collapsed) continue;
      const threads = [...process.threads];
      threads.sort(byCpu ? (a, b) => b.cpuNanos - a.cpuNanos || a.tid - b.tid : (a, b) => a.tid - b.tid);
      for (const thread of threads) {
        add({kind: 'thread', key: threadKey(thread.pid, thread.tid), pid: thread.pid, tid: thread.tid,
          name: thread.name, label: thread.name, cpuNanos: thread.cpuNanos, samples: thread.samples,
          states: thread.states}, LAYOUT.threadHeight);
      }
    }
    this.rows = rows;
    this.rowsByKey = new Map(rows.filter(r => r.kind === 'thread').map(r => [r.key, r]));
    this.contentHeight = y;
    this.renderLabels();
    this.resize();
    if (this.callbacks.onRowsChange) this.callbacks.onRowsChange();
  }

  renderLabels() {
    const html = [];
    let stripe = false;
    for (const row of this.rows) {
      const style = `top:${row.y}px;height:${row.height}px;line-height:${row.height}px`;
      if (row.kind === 'section') {
        html.push(`<div class="row-label section" style="${style}">${escapeHtml(row.label)}</div>`);
      } else if (row.kind === 'cpu') {
        html.push(`<div class="row-label cpu" data-cpu="${row.cpu}" style="${style}">${escapeHtml(row.label)}</div>`);
      } else if (row.kind === 'process') {
        html.push(`<div class="row-label process${row.collapsed ? ' collapsed' : ''}" data-process="${row.pid}" `
            + `style="${style}" title="Click to fold or unfold"><span class="caret"></span>`
            + `<span class="name">${escapeHtml(row.label)}</span> <span class="dim">${row.pid} · `
            + `${row.threadCount} thr · ${formatDuration(row.cpuNanos)}</span></div>`);
      } else {
        const states = row.states || {};
        const title = `${row.name} (pid ${row.pid}, tid ${row.tid})\nCPU ${formatDuration(row.cpuNanos)}, `
            + `${row.samples} samples\n` + Object.entries(states).map(([s, n]) => `${s}: ${formatDuration(n)}`).join('\n');
        html.push(`<div class="row-label thread${stripe ? ' stripe' : ''}" data-thread="${row.key}" style="${style}" title="${escapeHtml(title)}">`
            + `<span class="name">${escapeHtml(row.name)}</span> <span class="dim">${row.tid}</span>`
            + `<span class="cpu-time">${formatDuration(row.cpuNanos)}</span></div>`);
        stripe = !stripe;
      }
    }
    this.el.labels.innerHTML = html.join('');
    this.el.body.style.height = this.contentHeight + 'px';
    this.el.labels.style.height = this.contentHeight + 'px';
  }

  // ---- geometry ----

  get width() {
    return this.cssWidth || 1;
  }

  timeToX(time) {
    return (time - this.view.from) * this.width / (this.view.to - this.view.from);
  }

  xToTime(x) {
    return this.view.from + x * (this.view.to - this.view.from) / this.width;
  }

  rowAt(contentY) {
    for (const row of this.rows) {
      if (contentY >= row.y && contentY < row.y + row.height) return row;
    }
    return null;
  }

  resize() {
    const scroll = this.el.scroll;
    const width = Math.max(50, scroll.clientWidth - LAYOUT.labelWidth);
    const height = Math.max(20, scroll.clientHeight);
    const ratio = window.devicePixelRatio || 1;
    for (const [canvas, h] of [[this.el.canvas, height], [this.el.ruler, this.el.ruler.clientHeight || 28]]) {
      canvas.style.width = width + 'px';
      canvas.style.height = h + 'px';
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(h * ratio);
    }
    this.cssWidth = width;
    this.cssHeight = height;
    this.requestDraw();
  }

  // ---- view ----

  setView(from, to, notify = true) {
    let span = Math.max(MIN_SPAN, to - from);
    const captureSpan = this.capture.end - this.capture.start;
    span = Math.min(span, captureSpan);
    from = Math.max(this.capture.start, Math.min(from, this.capture.end - span));
    this.view = {from, to: from + span};
    this.requestDraw();
    if (notify && this.callbacks.onViewChange) this.callbacks.onViewChange(this.view);
  }

  zoomAround(time, factor) {
    const from = time - (time - this.view.from) * factor;
    const to = time + (this.view.to - time) * factor;
    this.setView(from, to);
  }

  pan(fraction) {
    const span = this.view.to - this.view.from;
    this.setView(this.view.from + span * fraction, this.view.to + span * fraction);
  }

  resetView() {
    this.setView(this.capture.start, this.capture.end);
  }

  setSelection(range, notify = true) {
    this.selection = range && range.to > range.from ? {from: range.from, to: range.to} : null;
    this.requestDraw();
    if (notify && this.callbacks.onSelect) this.callbacks.onSelect(this.selection);
  }

  /** Scrolls the thread's row into the middle of the view and marks it at the time, keeping the zoom. */
  reveal(key, time) {
    const row = this.rowsByKey.get(key);
    if (!row) return false;
    const scroll = this.el.scroll;
    scroll.scrollTop = Math.max(0, row.y - (scroll.clientHeight - row.height) / 2);
    const span = this.view.to - this.view.from;
    if (time < this.view.from || time > this.view.to) this.setView(time - span / 2, time + span / 2);
    this.highlight = {key, time};
    for (const label of this.el.labels.querySelectorAll('.row-label.highlighted')) label.classList.remove('highlighted');
    const label = this.el.labels.querySelector(`[data-thread="${key}"]`);
    if (label) label.classList.add('highlighted');
    this.requestDraw();
    return true;
  }

  /** The wait the details panel shows: outlined, with an arrow from its waker when both rows are drawn. */
  showWait(wait) {
    this.wait = wait;
    this.requestDraw();
  }

  // ---- data lookup ----

  /** The thread's interval covering the time, as [start, end, state, cpu], or null. */
  intervalAt(key, time) {
    for (const data of [this.detail, this.overview]) {
      if (!data || time < data.from || time > data.to) continue;
      const row = data.threads.get(key);
      if (!row) continue;
      const index = firstEndingAfter(row.ends, time);
      if (index < row.ends.length && row.starts[index] <= time) {
        return [row.starts[index], row.ends[index], row.states[index], row.cpus[index]];
      }
    }
    return null;
  }

  /** The CPU's interval covering the time, as [start, end, pid, tid], or null. */
  cpuIntervalAt(cpu, time) {
    const data = this.detail && time >= this.detail.from && time <= this.detail.to ? this.detail : this.overview;
    const row = data && data.cpus.get(cpu);
    if (!row) return null;
    const index = firstEndingAfter(row.ends, time);
    if (index < row.ends.length && row.starts[index] <= time) {
      return [row.starts[index], row.ends[index], row.pids[index], row.tids[index]];
    }
    return null;
  }

  findingsAt(time, slack) {
    return this.findings.filter(f => f.startTime - slack <= time && time <= f.endTime + slack);
  }

  // ---- drawing ----

  requestDraw() {
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    requestAnimationFrame(() => {
      this.frameScheduled = false;
      this.draw();
    });
  }

  /** Calls back after the next frame that was drawn (with the time the drawing ended). */
  afterNextDraw(listener) {
    this.drawListeners.push(listener);
    this.requestDraw();
  }

  draw() {
    const started = performance.now();
    const ratio = window.devicePixelRatio || 1;
    const ctx = this.el.canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const width = this.width;
    const height = this.cssHeight;
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, width, height);
    const top = this.el.scroll.scrollTop;
    const bottom = top + height;
    const scale = width / (this.view.to - this.view.from);
    const statePaths = {};
    for (const state of Object.keys(STATE_COLORS)) statePaths[state] = new Path2D();
    const tickPath = new Path2D();
    let stripe = false;
    for (const row of this.rows) {
      if (row.y + row.height <= top || row.y >= bottom) {
        if (row.kind === 'thread') stripe = !stripe;
        continue;
      }
      const y = row.y - top;
      if (row.kind === 'section') {
        ctx.fillStyle = '#15171a';
        ctx.fillRect(0, y, width, row.height);
      } else if (row.kind === 'process') {
        ctx.fillStyle = PROCESS_BACKGROUND;
        ctx.fillRect(0, y, width, row.height);
      } else if (row.kind === 'cpu') {
        this.drawCpuRow(ctx, row, y, scale);
      } else {
        if (stripe) {
          ctx.fillStyle = ROW_STRIPE;
          ctx.fillRect(0, y, width, row.height);
        }
        stripe = !stripe;
        this.addStateRects(statePaths, row.key, y + LAYOUT.barTop, scale);
        this.addTicks(tickPath, row.key, y + LAYOUT.tickTop, scale);
      }
    }
    for (const [state, path] of Object.entries(statePaths)) {
      ctx.fillStyle = STATE_COLORS[state];
      ctx.fill(path);
    }
    ctx.fillStyle = TICK_COLOR;
    ctx.fill(tickPath);
    this.drawFindings(ctx, height);
    this.drawWait(ctx, top);
    this.drawHighlight(ctx, top);
    this.drawSelection(ctx, height);
    this.drawRuler();
    this.frames++;
    const ended = performance.now();
    this.lastDrawMillis = ended - started;
    const listeners = this.drawListeners;
    this.drawListeners = [];
    for (const listener of listeners) listener(ended);
  }

  /** Adds the row's state intervals; where the last answer does not cover the view, the overview's. */
  addStateRects(paths, key, y, scale) {
    const detail = this.detail;
    const overview = this.overview;
    const viewFrom = this.view.from;
    const viewTo = this.view.to;
    if (overview && overview !== detail) {
      const row = overview.threads.get(key);
      if (row) {
        if (viewFrom < detail.from) this.addClipped(paths, row, viewFrom, Math.min(viewTo, detail.from), y, scale);
        if (viewTo > detail.to) this.addClipped(paths, row, Math.max(viewFrom, detail.to), viewTo, y, scale);
      }
    }
    if (detail) {
      const row = detail.threads.get(key);
      if (row) this.addClipped(paths, row, Math.max(viewFrom, detail.from), Math.min(viewTo, detail.to), y, scale);
    }
  }

  addClipped(paths, row, from, to, y, scale) {
    if (to <= from) return;
    const viewFrom = this.view.from;
    const {starts, ends, states} = row;
    for (let index = firstEndingAfter(ends, from); index < ends.length; index++) {
      if (starts[index] >= to) break;
      const x0 = Math.round((Math.max(starts[index], from) - viewFrom) * scale);
      const x1 = Math.round((Math.min(ends[index], to) - viewFrom) * scale);
      const path = paths[states[index]] || paths.UNKNOWN;
      path.rect(x0, y, Math.max(1, x1 - x0), LAYOUT.barHeight);
    }
  }

  addTicks(path, key, y, scale) {
    const ticks = this.ticks.get(key);
    if (!ticks) return;
    const from = Math.max(this.view.from, this.ticksRange.from);
    const to = Math.min(this.view.to, this.ticksRange.to);
    let lastX = -1;
    for (const time of ticks) {
      if (time < from || time > to) continue;
      const x = Math.floor((time - this.view.from) * scale);
      if (x === lastX) continue;
      lastX = x;
      path.rect(x, y, 1, LAYOUT.tickHeight);
    }
  }

  drawCpuRow(ctx, row, y, scale) {
    const data = this.detail || this.overview;
    const cpu = data && data.cpus.get(row.cpu);
    if (!cpu) return;
    const from = Math.max(this.view.from, data.from);
    const to = Math.min(this.view.to, data.to);
    const {starts, ends, tids} = cpu;
    for (let index = firstEndingAfter(ends, from); index < ends.length; index++) {
      if (starts[index] >= to) break;
      const tid = tids[index];
      if (tid <= 0) continue;
      const x0 = Math.round((Math.max(starts[index], from) - this.view.from) * scale);
      const x1 = Math.round((Math.min(ends[index], to) - this.view.from) * scale);
      ctx.fillStyle = threadColor(tid);
      ctx.fillRect(x0, y + 1, Math.max(1, x1 - x0), row.height - 2);
    }
  }

  drawFindings(ctx, height) {
    for (const finding of this.findings) {
      const [fill, edge] = FINDING_COLORS[finding.severity] || FINDING_COLORS.WARNING;
      const x0 = this.timeToX(finding.startTime);
      const x1 = this.timeToX(finding.endTime);
      if (x1 < -2 || x0 > this.width + 2) continue;
      ctx.fillStyle = fill;
      ctx.fillRect(x0, 0, Math.max(2, x1 - x0), height);
      ctx.fillStyle = edge;
      ctx.fillRect(Math.round(x0), 0, 1, height);
    }
  }

  drawSelection(ctx, height) {
    if (!this.selection) return;
    const x0 = this.timeToX(this.selection.from);
    const x1 = this.timeToX(this.selection.to);
    ctx.fillStyle = SELECTION_FILL;
    ctx.fillRect(x0, 0, x1 - x0, height);
    ctx.fillStyle = SELECTION_EDGE;
    ctx.fillRect(Math.round(x0), 0, 1, height);
    ctx.fillRect(Math.round(x1), 0, 1, height);
  }

  drawHighlight(ctx, top) {
    if (!this.highlight) return;
    const row = this.rowsByKey.get(this.highlight.key);
    if (!row) return;
    const x = Math.round(this.timeToX(this.highlight.time));
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, row.y - top + 0.5, this.width - 1, row.height - 1);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(x - 1, row.y - top, 2, row.height);
  }

  drawWait(ctx, top) {
    const wait = this.wait;
    if (!wait) return;
    const row = this.rowsByKey.get(threadKey(wait.pid, wait.tid));
    if (!row) return;
    const x0 = this.timeToX(wait.start);
    const x1 = this.timeToX(wait.end);
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.strokeRect(x0, row.y - top + 1, Math.max(2, x1 - x0), LAYOUT.barHeight + 2);
    const waker = wait.waker && this.rowsByKey.get(threadKey(wait.waker.pid, wait.waker.tid));
    if (!waker) return;
    const fromX = this.timeToX(wait.waker.time);
    const fromY = waker.y - top + LAYOUT.barTop + LAYOUT.barHeight / 2;
    const toY = row.y - top + LAYOUT.barTop + LAYOUT.barHeight / 2;
    ctx.beginPath();
    ctx.moveTo(fromX, fromY);
    ctx.lineTo(x1, toY);
    ctx.stroke();
    const direction = Math.sign(toY - fromY) || 1;
    ctx.beginPath();
    ctx.moveTo(x1, toY);
    ctx.lineTo(x1 - 4, toY - 7 * direction);
    ctx.lineTo(x1 + 4, toY - 7 * direction);
    ctx.closePath();
    ctx.fillStyle = '#ffffff';
    ctx.fill();
  }

  drawRuler() {
    const ruler = this.el.ruler;
    const ratio = window.devicePixelRatio || 1;
    const ctx = ruler.getContext('2d');
    const width = this.width;
    const height = ruler.height / ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#15171a';
    ctx.fillRect(0, 0, width, height);
    const span = this.view.to - this.view.from;
    const step = niceStep(span / Math.max(1, width / 110));
    const first = Math.ceil((this.view.from - this.capture.start) / step) * step + this.capture.start;
    ctx.fillStyle = '#8b949e';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    for (let time = first; time <= this.view.to; time += step) {
      const x = Math.round(this.timeToX(time));
      ctx.fillRect(x, height - 8, 1, 8);
      ctx.fillText(formatOffset(time, this.capture.start), x + 3, 4);
    }
    for (const finding of this.findings) {
      const [, edge] = FINDING_COLORS[finding.severity] || FINDING_COLORS.WARNING;
      const x0 = this.timeToX(finding.startTime);
      const x1 = this.timeToX(finding.endTime);
      ctx.fillStyle = edge;
      ctx.fillRect(x0, height - 4, Math.max(3, x1 - x0), 4);
    }
    if (this.selection) {
      const x0 = this.timeToX(this.selection.from);
      const x1 = this.timeToX(this.selection.to);
      ctx.fillStyle = 'rgba(88, 166, 255, 0.45)';
      ctx.fillRect(x0, 0, x1 - x0, height);
      ctx.fillStyle = '#e6edf3';
      ctx.fillText(formatDuration(this.selection.to - this.selection.from), Math.max(2, x0 + 3), height - 16);
    }
  }

  // ---- input ----

  installEvents() {
    const canvas = this.el.canvas;
    const ruler = this.el.ruler;
    canvas.addEventListener('wheel', event => {
      event.preventDefault();
      this.zoomAround(this.xToTime(this.localX(event)), Math.pow(1.0015, normalizedDelta(event)));
    }, {passive: false});
    ruler.addEventListener('wheel', event => {
      event.preventDefault();
      this.zoomAround(this.xToTime(this.localX(event)), Math.pow(1.0015, normalizedDelta(event)));
    }, {passive: false});
    canvas.addEventListener('mousedown', event => this.startDrag(event, event.shiftKey ? 'select' : 'pan'));
    ruler.addEventListener('mousedown', event => this.startDrag(event, 'select'));
    window.addEventListener('mousemove', event => this.moveDrag(event));
    window.addEventListener('mouseup', event => this.endDrag(event));
    canvas.addEventListener('mousemove', event => {
      if (!this.drag) this.hover(event, false);
    });
    ruler.addEventListener('mousemove', event => {
      if (!this.drag) this.hover(event, true);
    });
    canvas.addEventListener('mouseleave', () => this.hideTooltip());
    ruler.addEventListener('mouseleave', () => this.hideTooltip());
    this.el.scroll.addEventListener('scroll', () => this.requestDraw());
    this.el.labels.addEventListener('click', event => {
      const process = event.target.closest('[data-process]');
      if (!process) return;
      const pid = Number(process.dataset.process);
      if (this.collapsed.has(pid)) this.collapsed.delete(pid);
      else this.collapsed.add(pid);
      this.layoutRows();
    });
    window.addEventListener('resize', () => {
      this.resize();
      if (this.callbacks.onViewChange) this.callbacks.onViewChange(this.view);
    });
  }

  startDrag(event, mode) {
    if (event.button !== 0) return;
    event.preventDefault();
    const x = this.localX(event);
    this.drag = {mode, startX: x, startClientX: event.clientX, startClientY: event.clientY,
      startView: {...this.view}, startScroll: this.el.scroll.scrollTop, startTime: this.xToTime(x), moved: false,
      target: event.currentTarget};
    this.hideTooltip();
  }

  moveDrag(event) {
    const drag = this.drag;
    if (!drag) return;
    const dx = event.clientX - drag.startClientX;
    const dy = event.clientY - drag.startClientY;
    if (!drag.moved && Math.abs(dx) < DRAG_THRESHOLD && Math.abs(dy) < DRAG_THRESHOLD) return;
    drag.moved = true;
    if (drag.mode === 'pan') {
      const span = drag.startView.to - drag.startView.from;
      const shift = -dx * span / this.width;
      this.setView(drag.startView.from + shift, drag.startView.to + shift);
      this.el.scroll.scrollTop = drag.startScroll - dy;
    } else {
      const time = this.xToTime(this.localX(event));
      this.setSelection({from: Math.min(drag.startTime, time), to: Math.max(drag.startTime, time)}, false);
    }
  }

  endDrag(event) {
    const drag = this.drag;
    if (!drag) return;
    this.drag = null;
    if (drag.mode === 'select') {
      if (drag.moved) this.setSelection(this.selection, true);
      return;
    }
    if (!drag.moved && drag.target === this.el.canvas) this.click(event);
  }

  click(event) {
    const x = this.localX(event);
    const y = this.localY(event);
    const row = this.rowAt(y + this.el.scroll.scrollTop);
    if (!row || row.kind !== 'thread') return;
    const time = this.xToTime(x);
    if (this.callbacks.onThreadClick) this.callbacks.onThreadClick(row, time, this.intervalAt(row.key, time));
  }

  hover(event, onRuler) {
    const x = this.localX(event);
    const time = this.xToTime(x);
    const slack = 3 * (this.view.to - this.view.from) / this.width;
    const lines = [];
    if (!onRuler) {
      const row = this.rowAt(this.localY(event) + this.el.scroll.scrollTop);
      if (row && row.kind === 'thread') {
        const interval = this.intervalAt(row.key, time);
        lines.push(`<b>${escapeHtml(row.name)}</b> <span class="dim">${row.key}</span>`);
        if (interval) {
          lines.push(`<span class="swatch" style="background:${STATE_COLORS[interval[2]] || STATE_COLORS.UNKNOWN}"></span>`
              + `${interval[2]} ${formatDuration(interval[1] - interval[0])}${interval[3] >= 0 && interval[2] === 'RUNNING'
                  ? ' on CPU ' + interval[3] : ''}`);
          if (interval[2] !== 'RUNNING') lines.push('<span class="dim">click for the wait and its waker</span>');
        }
      } else if (row && row.kind === 'cpu') {
        const interval = this.cpuIntervalAt(row.cpu, time);
        lines.push(`<b>CPU ${row.cpu}</b>`);
        if (interval && interval[3] > 0) {
          lines.push(`${escapeHtml(this.threadName(threadKey(interval[2], interval[3])))} `
              + `<span class="dim">${interval[2]}:${interval[3]}</span> ${formatDuration(interval[1] - interval[0])}`);
        } else {
          lines.push('idle');
        }
      }
    }
    for (const finding of this.findingsAt(time, slack)) {
      lines.push(`<span class="finding ${escapeHtml(finding.severity)}">${escapeHtml(finding.severity)}</span> `
          + `${escapeHtml(finding.summary)} <span class="dim">(${escapeHtml(finding.analyzer)})</span>`);
    }
    if (lines.length === 0) {
      this.hideTooltip();
      return;
    }
    lines.push(`<span class="dim">at ${formatOffset(time, this.capture.start)}</span>`);
    const tooltip = this.el.tooltip;
    tooltip.innerHTML = lines.join('<br>');
    tooltip.style.display = 'block';
    const left = Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8);
    tooltip.style.left = left + 'px';
    tooltip.style.top = (event.clientY + 16) + 'px';
  }

  hideTooltip() {
    this.el.tooltip.style.display = 'none';
  }

  localX(event) {
    return event.clientX - this.el.canvas.getBoundingClientRect().left;
  }

  localY(event) {
    return event.clientY - this.el.canvas.getBoundingClientRect().top;
  }
}

/** Index of the first interval ending after the time, by the ends of a row (sorted and disjoint intervals). */
function firstEndingAfter(ends, time) {
  let low = 0;
  let high = ends.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ends[mid] <= time) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A row's start and end times from the server's gaps (after the previous end, after `from` first) and lengths. */
function decodeTimes(from, gaps, lengths) {
  const starts = new Float64Array(gaps.length);
  const ends = new Float64Array(gaps.length);
  let end = from;
  for (let i = 0; i < gaps.length; i++) {
    starts[i] = end + gaps[i];
    end = starts[i] + lengths[i];
    ends[i] = end;
  }
  return {starts, ends};
}

/** Sample times from the server's gaps (each after the one before, the first after `from`). */
function decodeTicks(from, gaps) {
  const ticks = new Float64Array(gaps.length);
  let time = from;
  for (let i = 0; i < gaps.length; i++) {
    time += gaps[i];
    ticks[i] = time;
  }
  return ticks;
}

function niceStep(raw) {
  const power = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
  for (const factor of [1, 2, 5, 10]) {
    if (power * factor >= raw) return power * factor;
  }
  return power * 10;
}

function normalizedDelta(event) {
  if (event.deltaMode === 1) return event.deltaY * 33;
  if (event.deltaMode === 2) return event.deltaY * 400;
  return event.deltaY;
}
