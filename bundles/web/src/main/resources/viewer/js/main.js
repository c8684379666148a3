// The page: loads a served capture, wires the timeline to the panels (every panel follows the selected
// range and the thread filter), and exposes window.tachyonViewer for browser tests and benchmarks.

import {ApiError, CaptureApi, listCaptures} from './api.js';
import {CallTreeView} from './calltree.js';
import {FlameGraph} from './flamegraph.js';
import {STATES, STATE_COLORS, STATE_LABELS, escapeHtml, formatCount, formatDuration, formatOffset} from './format.js';
import {FunctionsView, LinesView, ThreadFilterView, WaitDetailsView} from './panels.js';
import {LAYOUT, Timeline} from './timeline.js';

const TIMELINE_DEBOUNCE_MS = 60;
const ZOOM_STEP = 0.7;
const PAN_STEP = 0.15;

const $ = id => document.getElementById(id);

class Viewer {
  constructor() {
    this.api = null;
    this.summary = null;
    this.findings = [];
    this.threadFilter = null;
    this.selection = null;
    this.activeTab = 'calltree';
    this.panelState = new Map();
    this.inFlight = 0;
    this.timelineTimer = null;
    this.timelineAbort = null;
    /** Window and width of the CPU rows the timeline has. */
    this.cpuRowsKey = null;
    this.panelAbort = null;
    this.perf = {firstTimelineRenderMs: null, firstCompleteRenderMs: null, findingsRenderMs: null,
      lastTimelineFetchMs: null};
    this.ready = false;
    this.error = null;

    this.timeline = new Timeline({
      scroll: $('timeline-scroll'), body: $('timeline-body'), labels: $('row-labels'), canvas: $('timeline'),
      ruler: $('ruler'), tooltip: $('tooltip'),
    }, {
      onViewChange: () => this.scheduleTimelineFetch(),
      onSelect: range => this.select(range),
      onThreadClick: (row, time, interval) => this.openWait(row, time, interval),
    });
    this.callTree = new CallTreeView($('panel-calltree'), {expandHotPath: true});
    this.bottomUp = new CallTreeView($('panel-bottomup'), {expandHotPath: false});
    this.flame = new FlameGraph($('flame'), $('tooltip'));
    this.functions = new FunctionsView($('panel-functions'), () => this.refreshPanel('functions', true));
    this.lines = new LinesView($('panel-lines'));
    this.threads = new ThreadFilterView($('panel-threads'), keys => this.filterThreads(keys));
    this.details = new WaitDetailsView($('details'), {
      onGoToWaker: waker => this.goToWaker(waker),
      onClose: () => this.timeline.showWait(null),
    });
    this.installControls();
    this.renderLegend();
  }

  async start() {
    try {
      const captures = await listCaptures();
      if (captures.length === 0) throw new Error('the server serves no capture');
      const wanted = new URLSearchParams(location.search).get('capture');
      const capture = captures.find(c => c.id === wanted) || captures[0];
      this.renderCaptureSelect(captures, capture.id);
      this.api = new CaptureApi(capture.id);
      // The list gives the time range: the timeline, the summary, the call tree and the findings load at once.
      this.timeline.setRange(capture.startTime, capture.endTime);
      const timelineLoaded = this.fetchTimeline();
      const callTreeShown = this.refreshPanel(this.activeTab);
      const findingsShown = this.loadFindings();
      const summary = await this.api.summary();
      this.summary = summary;
      this.renderTopBar(summary);
      this.timeline.setSummary(summary);
      this.threads.setProcesses(summary.processes);
      await timelineLoaded;
      this.perf.firstTimelineRenderMs = await new Promise(resolve => this.timeline.afterNextDraw(resolve));
      await callTreeShown;
      await new Promise(resolve => requestAnimationFrame(() => resolve()));
      this.perf.firstCompleteRenderMs = performance.now();
      this.ready = true;
      this.status(`loaded in ${Math.round(this.perf.firstCompleteRenderMs)} ms`);
      await findingsShown;
    } catch (error) {
      this.fail(error);
    }
  }

  /** Health findings come from analyzers that may take a while: drawn over the timeline when they arrive. */
  async loadFindings() {
    this.inFlight++;
    try {
      const answer = await this.api.findings();
      this.findings = answer.findings;
      this.timeline.setFindings(answer.findings);
      this.perf.findingsRenderMs = await new Promise(resolve => this.timeline.afterNextDraw(resolve));
      if (this.summary) this.renderWarnings();
    } catch (error) {
      this.status('health findings unavailable: ' + (error.message || error), true);
    } finally {
      this.inFlight--;
    }
  }

  fail(error) {
    this.error = String(error.message || error);
    this.status(this.error, true);
    console.error(error);
  }

  status(text, isError = false) {
    const status = $('status');
    status.textContent = text;
    status.classList.toggle('error', isError);
  }

  // ---- timeline data ----

  threadsParam() {
    return this.threadFilter ? [...this.threadFilter].join(',') : undefined;
  }

  scheduleTimelineFetch() {
    clearTimeout(this.timelineTimer);
    this.timelineTimer = setTimeout(() => {
      this.timelineTimer = null;
      this.fetchTimeline().catch(error => {
        if (error.name !== 'AbortError') this.fail(error);
      });
    }, TIMELINE_DEBOUNCE_MS);
  }

  /** Asks the server for the visible window at the canvas width: the server does the level of detail. */
  async fetchTimeline() {
    if (this.timelineAbort) this.timelineAbort.abort();
    const abort = new AbortController();
    this.timelineAbort = abort;
    const view = {...this.timeline.view};
    const width = Math.max(1, Math.round(this.timeline.width));
    const threads = this.threadsParam();
    // Only the thread filter changed: the CPU rows shown are those of this window already.
    const cpuKey = [Math.floor(view.from), Math.ceil(view.to), width].join();
    const needCpus = cpuKey !== this.cpuRowsKey;
    const started = performance.now();
    this.inFlight++;
    try {
      const [timeline, samples] = await Promise.all([
        this.api.timeline(view, width, threads, abort.signal, needCpus),
        this.api.samples(view, width, threads, abort.signal),
      ]);
      if (abort.signal.aborted) return;
      this.timeline.setData(timeline, samples);
      this.cpuRowsKey = cpuKey;
      this.perf.lastTimelineFetchMs = performance.now() - started;
    } finally {
      this.inFlight--;
      if (this.timelineAbort === abort) this.timelineAbort = null;
    }
  }

  // ---- selection, filter, panels ----

  select(range) {
    this.selection = range;
    const label = $('selection-label');
    if (range) {
      const start = this.summary.startTime;
      label.textContent = `${formatOffset(range.from, start)} – ${formatOffset(range.to, start)} (${formatDuration(range.to - range.from)})`;
      label.classList.add('active');
    } else {
      label.textContent = 'Whole capture';
      label.classList.remove('active');
    }
    this.invalidatePanels();
  }

  filterThreads(keys) {
    this.threadFilter = keys;
    this.timeline.setVisibleThreads(keys);
    this.scheduleTimelineFetch();
    this.invalidatePanels();
  }

  invalidatePanels() {
    this.panelState.clear();
    this.refreshPanel(this.activeTab).catch(error => this.fail(error));
  }

  /** Fetches what the tab shows for the current range and threads, unless it already shows that. */
  async refreshPanel(tab, force = false) {
    if (tab === 'threads') return;
    if (this.threadFilter && this.threadFilter.size === 0) {
      // No thread at all is not "every thread": the server reads a missing filter as the whole capture.
      const none = 'No thread selected: choose some in the Threads tab.';
      this.callTree.show(null, none);
      this.bottomUp.show(null, none);
      this.flame.show(null);
      this.functions.show(null, none);
      this.lines.show(null, none);
      return;
    }
    const key = JSON.stringify([this.selection, this.threadFilter && [...this.threadFilter],
      tab === 'functions' ? this.functions.query : '']);
    if (!force && this.panelState.get(tab) === key) return;
    this.panelState.set(tab, key);
    if (this.panelAbort) this.panelAbort.abort();
    const abort = new AbortController();
    this.panelAbort = abort;
    const range = this.selection || undefined;
    const threads = this.threadsParam();
    this.inFlight++;
    try {
      if (tab === 'calltree' || tab === 'flame') {
        if (tab === 'calltree') this.callTree.show(null, 'Loading…');
        const tree = await this.api.callTree(range, threads, false, abort.signal);
        if (abort.signal.aborted) return;
        this.callTree.show(tree);
        this.flame.show(tree);
        this.panelState.set(tab === 'calltree' ? 'flame' : 'calltree', key);
      } else if (tab === 'bottomup') {
        this.bottomUp.show(null, 'Loading…');
        const tree = await this.api.callTree(range, threads, true, abort.signal);
        if (abort.signal.aborted) return;
        this.bottomUp.show(tree);
      } else if (tab === 'functions') {
        const answer = await this.api.functions(range, threads, this.functions.query, abort.signal);
        if (abort.signal.aborted) return;
        this.functions.show(answer);
      } else if (tab === 'lines') {
        this.lines.show(null, 'Loading…');
        const answer = await this.api.lines(range, threads, abort.signal);
        if (abort.signal.aborted) return;
        this.lines.show(answer);
      }
    } catch (error) {
      if (error.name === 'AbortError') return;
      this.panelState.delete(tab);
      throw error;
    } finally {
      this.inFlight--;
      if (this.panelAbort === abort) this.panelAbort = null;
    }
  }

  showTab(tab) {
    this.activeTab = tab;
    for (const button of document.querySelectorAll('#tabs button[data-tab]')) {
      button.classList.toggle('active', button.dataset.tab === tab);
    }
    for (const panel of document.querySelectorAll('.panel')) panel.classList.toggle('active', panel.id === 'panel-' + tab);
    this.refreshPanel(tab).catch(error => this.fail(error));
    if (tab === 'flame') this.flame.draw();
  }

  // ---- waits ----

  async openWait(row, time, interval) {
    if (interval && interval[2] === 'RUNNING') {
      this.details.showMessage(row.name, `Running${interval[3] >= 0 ? ' on CPU ' + interval[3] : ''} for `
          + `${formatDuration(interval[1] - interval[0])} here: not a wait. Click a non-green interval for its wait.`);
      this.timeline.showWait(null);
      return;
    }
    this.inFlight++;
    try {
      const wait = await this.api.wait(row.pid, row.tid, Math.round(time));
      this.details.show(wait, this.summary.startTime);
      this.timeline.showWait(wait);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) {
        this.fail(error);
        this.timeline.showWait(null);
        return;
      }
      this.details.showMessage(row.name, `No recorded wait covers ${formatOffset(time, this.summary.startTime)}`
          + (interval ? ` (${interval[2]} here)` : '') + '. Zoom in to pick a wait exactly.');
      this.timeline.showWait(null);
    } finally {
      this.inFlight--;
    }
  }

  goToWaker(waker) {
    const key = waker.pid + ':' + waker.tid;
    if (this.threadFilter && !this.threadFilter.has(key)) {
      this.status(`the waker ${waker.name} (${key}) is hidden by the thread filter`, true);
      return;
    }
    if (!this.timeline.reveal(key, waker.time)) this.status(`no row for the waker ${waker.name} (${key})`, true);
  }

  // ---- chrome ----

  renderLegend() {
    $('legend').innerHTML = STATES.map(state => `<span class="legend-item" data-state="${state}" `
        + `data-color="${STATE_COLORS[state]}" title="${escapeHtml(STATE_LABELS[state])}"><span class="swatch" `
        + `style="background:${STATE_COLORS[state]}"></span>${escapeHtml(STATE_LABELS[state].split(' (')[0])}</span>`).join('')
        + '<span class="legend-item" title="One tick per sample (at most one a pixel)"><span class="swatch" '
        + 'style="background:#e8edf2;width:2px"></span>samples</span>';
  }

  renderCaptureSelect(captures, selected) {
    const select = $('capture-select');
    if (captures.length < 2) return;
    select.hidden = false;
    select.innerHTML = captures.map(c => `<option value="${escapeHtml(c.id)}"${c.id === selected ? ' selected' : ''}>`
        + `${escapeHtml(c.name)}</option>`).join('');
    select.addEventListener('change', () => {
      location.search = '?capture=' + encodeURIComponent(select.value);
    });
  }

  renderTopBar(summary) {
    document.title = summary.name + ' – Tachyon';
    $('capture-name').textContent = summary.name;
    $('capture-name').title = (summary.commandLine || []).join(' ');
    $('capture-duration').textContent = formatDuration(summary.endTime - summary.startTime);
    $('capture-samples').textContent = formatCount(summary.sampleCount);
    $('capture-cpus').textContent = summary.cpuCount || '?';
    this.renderWarnings();
    if (!summary.hasThreadStates) {
      this.status('this capture has no context switches: thread states are unknown', true);
    }
  }

  /** The capture's own warnings, lost records and the health findings, counted in the top bar. */
  renderWarnings() {
    const summary = this.summary;
    const problems = [...(summary.warnings || [])];
    if (summary.lostRecords > 0) problems.push(`${formatCount(summary.lostRecords)} records lost`);
    for (const finding of this.findings) problems.push(`${finding.severity}: ${finding.summary}`);
    const warnings = $('capture-warnings');
    warnings.hidden = problems.length === 0;
    warnings.textContent = `⚠ ${problems.length} warning${problems.length > 1 ? 's' : ''}`;
    warnings.title = problems.join('\n');
  }

  installControls() {
    for (const button of document.querySelectorAll('#tabs button[data-tab]')) {
      button.addEventListener('click', () => this.showTab(button.dataset.tab));
    }
    $('sort-toggle').addEventListener('click', () => {
      const next = this.timeline.sortBy === 'cpu' ? 'id' : 'cpu';
      this.timeline.setSort(next);
      $('sort-toggle').textContent = next === 'cpu' ? 'Sort: CPU time' : 'Sort: process/thread id';
    });
    document.addEventListener('keydown', event => {
      if (event.target.closest('input, select, textarea') || event.ctrlKey || event.metaKey || event.altKey) return;
      const timeline = this.timeline;
      const view = timeline.view;
      const middle = (view.from + view.to) / 2;
      switch (event.key.toLowerCase()) {
        case 'w': timeline.zoomAround(middle, ZOOM_STEP); break;
        case 's': timeline.zoomAround(middle, 1 / ZOOM_STEP); break;
        case 'a': timeline.pan(-PAN_STEP); break;
        case 'd': timeline.pan(PAN_STEP); break;
        case '0': timeline.resetView(); break;
        case 'f':
          if (this.selection) {
            const margin = (this.selection.to - this.selection.from) * 0.02;
            timeline.setView(this.selection.from - margin, this.selection.to + margin);
          }
          break;
        case 'escape':
          if (this.selection) timeline.setSelection(null);
          else timeline.resetView();
          break;
        default: return;
      }
      event.preventDefault();
    });
  }
}

const viewer = new Viewer();

/** What browser tests and the benchmark read; they check real canvas pixels beside it. */
window.tachyonViewer = {
  get ready() { return viewer.ready; },
  get error() { return viewer.error; },
  get perf() { return {...viewer.perf, lastDrawMillis: viewer.timeline.lastDrawMillis, frames: viewer.timeline.frames}; },
  layout: LAYOUT,
  stateColors: STATE_COLORS,
  idle: () => viewer.ready && viewer.inFlight === 0 && viewer.timelineTimer === null && !viewer.timeline.frameScheduled,
  capture: () => ({...viewer.timeline.capture}),
  view: () => ({...viewer.timeline.view}),
  selection: () => viewer.selection && {...viewer.selection},
  /** Thread rows as drawn: top is relative to the timeline canvas, in CSS pixels. */
  rows: () => viewer.timeline.rows.filter(r => r.kind === 'thread').map(r => ({
    key: r.key, pid: r.pid, tid: r.tid, name: r.name, top: r.y - $('timeline-scroll').scrollTop, height: r.height,
    barTop: LAYOUT.barTop, barHeight: LAYOUT.barHeight, cpuNanos: r.cpuNanos})),
  timeToX: time => viewer.timeline.timeToX(time),
  xToTime: x => viewer.timeline.xToTime(x),
  stateAt: (key, time) => viewer.timeline.intervalAt(key, time)?.[2] ?? null,
  setView: (from, to) => viewer.timeline.setView(from, to),
  select: (from, to) => viewer.timeline.setSelection({from, to}),
  reveal: (key, time) => viewer.timeline.reveal(key, time),
  afterNextDraw: listener => viewer.timeline.afterNextDraw(listener),
};

viewer.start();
