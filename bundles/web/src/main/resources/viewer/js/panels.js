// The smaller panels: the function search, the thread filter and the wait details.

import {STATE_COLORS, escapeHtml, formatCount, formatDuration, formatOffset, threadKey} from './format.js';

/** A table of functions by self or total time, filtered by a substring the server matches. */
export class FunctionsView {
  constructor(container, onQuery) {
    this.container = container;
    this.sortKey = 'selfNanos';
    this.functions = null;
    this.input = container.querySelector('#function-search');
    this.table = container.querySelector('#function-table');
    let timer = null;
    this.input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => onQuery(this.input.value.trim()), 150);
    });
    this.table.addEventListener('click', event => {
      const header = event.target.closest('[data-sort]');
      if (!header) return;
      this.sortKey = header.dataset.sort;
      this.render();
    });
  }

  get query() {
    return this.input.value.trim();
  }

  show(answer, message) {
    this.functions = answer ? answer.functions : null;
    this.message = message;
    this.render();
  }

  render() {
    const columns = [['selfNanos', 'Self'], ['totalNanos', 'Total'], ['selfSamples', 'Self samples'],
      ['totalSamples', 'Total samples']];
    const html = ['<thead><tr><th>Function</th><th>Module</th>'
      + columns.map(([key, label]) => `<th class="num${key === this.sortKey ? ' sorted' : ''}" data-sort="${key}">${label}</th>`).join('')
      + '</tr></thead><tbody>'];
    if (!this.functions) {
      html.push(`<tr><td colspan="6" class="placeholder">${escapeHtml(this.message || 'Loading…')}</td></tr>`);
    } else if (this.functions.length === 0) {
      html.push('<tr><td colspan="6" class="placeholder">No function matches.</td></tr>');
    } else {
      const sorted = [...this.functions].sort((a, b) => b[this.sortKey] - a[this.sortKey]);
      for (const f of sorted) {
        html.push(`<tr class="function-row" data-name="${escapeHtml(f.name)}"><td class="fn">${escapeHtml(f.name)}</td>`
            + `<td class="dim">${escapeHtml(f.module || '')}</td><td class="num">${formatDuration(f.selfNanos)}</td>`
            + `<td class="num">${formatDuration(f.totalNanos)}</td><td class="num">${formatCount(f.selfSamples)}</td>`
            + `<td class="num">${formatCount(f.totalSamples)}</td></tr>`);
      }
    }
    html.push('</tbody>');
    this.table.innerHTML = html.join('');
  }
}

/**
 * Source lines by self time: where the selected samples' instructions were, as file-name:line (the whole path in the
 * row's title), ?? where no debug information placed the code.
 */
export class LinesView {
  constructor(container) {
    this.table = container.querySelector('#line-table');
    this.answer = null;
  }

  show(answer, message) {
    this.answer = answer;
    this.message = message;
    this.render();
  }

  render() {
    const html = ['<thead><tr><th>Line</th><th>Function</th><th>Module</th><th class="num">Self</th>'
      + '<th class="num">Self %</th><th class="num">Samples</th></tr></thead><tbody>'];
    const lines = this.answer ? this.answer.lines : null;
    if (!lines) {
      html.push(`<tr><td colspan="6" class="placeholder">${escapeHtml(this.message || 'Loading…')}</td></tr>`);
    } else if (lines.length === 0) {
      html.push('<tr><td colspan="6" class="placeholder">No samples selected.</td></tr>');
    } else {
      const sampled = this.answer.sampledNanos;
      for (const line of lines) {
        const place = line.file ? `${line.file.substring(line.file.lastIndexOf('/') + 1)}:${line.line}` : '??';
        const share = sampled > 0 ? (100 * line.selfNanos / sampled).toFixed(1) : '0.0';
        html.push(`<tr class="line-row" title="${escapeHtml(line.file ? `${line.file}:${line.line}` : 'no line information')}">`
            + `<td class="fn">${escapeHtml(place)}</td><td>${escapeHtml(line.function)}</td>`
            + `<td class="dim">${escapeHtml(line.module || '')}</td><td class="num">${formatDuration(line.selfNanos)}</td>`
            + `<td class="num">${share}</td><td class="num">${formatCount(line.samples)}</td></tr>`);
      }
      if (this.answer.lineCount > lines.length) {
        html.push(`<tr><td colspan="6" class="placeholder">${formatCount(this.answer.lineCount - lines.length)}`
            + ' more lines</td></tr>');
      }
    }
    html.push('</tbody>');
    this.table.innerHTML = html.join('');
  }
}

/** Checkboxes per thread, grouped by process; every panel and the timeline follow the checked set. */
export class ThreadFilterView {
  constructor(container, onChange) {
    this.container = container;
    this.onChange = onChange;
    this.list = container.querySelector('#thread-list');
    this.all = [];
    container.querySelector('#threads-all').addEventListener('click', () => this.setAll(true));
    container.querySelector('#threads-none').addEventListener('click', () => this.setAll(false));
    this.list.addEventListener('change', event => {
      const process = event.target.closest('[data-process-toggle]');
      if (process) {
        for (const box of this.list.querySelectorAll(`input[data-pid="${process.dataset.processToggle}"]`)) {
          box.checked = process.checked;
        }
      }
      this.changed();
    });
  }

  setProcesses(processes) {
    this.all = [];
    const html = [];
    for (const process of processes) {
      html.push(`<div class="thread-group"><label class="process"><input type="checkbox" checked `
          + `data-process-toggle="${process.pid}"> ${escapeHtml(process.name)} <span class="dim">pid ${process.pid}</span></label>`);
      for (const thread of process.threads) {
        const key = threadKey(thread.pid, thread.tid);
        this.all.push(key);
        html.push(`<label class="thread"><input type="checkbox" checked data-thread="${key}" data-pid="${thread.pid}"> `
            + `${escapeHtml(thread.name)} <span class="dim">${thread.tid} · ${formatDuration(thread.cpuNanos)} CPU</span></label>`);
      }
      html.push('</div>');
    }
    this.list.innerHTML = html.join('');
  }

  setAll(checked) {
    for (const box of this.list.querySelectorAll('input[type=checkbox]')) box.checked = checked;
    this.changed();
  }

  changed() {
    const checked = [...this.list.querySelectorAll('input[data-thread]:checked')].map(box => box.dataset.thread);
    this.onChange(checked.length === this.all.length ? null : new Set(checked));
  }
}

/** What a click on a wait shows: its state and stack, and the thread that ended it with that thread's stack. */
export class WaitDetailsView {
  constructor(container, {onGoToWaker, onClose}) {
    this.container = container;
    this.body = container.querySelector('#details-body');
    this.wait = null;
    container.querySelector('#details-close').addEventListener('click', () => {
      container.hidden = true;
      onClose();
    });
    this.body.addEventListener('click', event => {
      if (!event.target.closest('#goto-waker')) return;
      event.preventDefault();
      if (this.wait && this.wait.waker) onGoToWaker(this.wait.waker);
    });
  }

  showMessage(title, text) {
    this.wait = null;
    this.container.hidden = false;
    this.body.innerHTML = `<h3>${escapeHtml(title)}</h3><p class="dim">${escapeHtml(text)}</p>`;
  }

  show(wait, captureStart) {
    this.wait = wait;
    this.container.hidden = false;
    const waker = wait.waker;
    const html = [`<h3 id="details-thread" data-thread="${threadKey(wait.pid, wait.tid)}">${escapeHtml(wait.name)} `
        + `<span class="dim">${wait.pid}:${wait.tid}</span></h3>`,
      `<dl><dt>State</dt><dd id="details-state" data-state="${wait.state}"><span class="swatch" `
        + `style="background:${STATE_COLORS[wait.state] || STATE_COLORS.UNKNOWN}"></span>${wait.state}</dd>`,
      `<dt>Duration</dt><dd id="details-duration" data-nanos="${wait.end - wait.start}">${formatDuration(wait.end - wait.start)}</dd>`,
      `<dt>From</dt><dd>${formatOffset(wait.start, captureStart)} to ${formatOffset(wait.end, captureStart)}</dd></dl>`,
    ];
    if (waker) {
      html.push(`<h4>Woken by</h4><p id="details-waker" data-thread="${threadKey(waker.pid, waker.tid)}" `
          + `data-time="${waker.time}"><b>${escapeHtml(waker.name)}</b> <span class="dim">${waker.pid}:${waker.tid}</span>`
          + ` at ${formatOffset(waker.time, captureStart)}${waker.cpu >= 0 ? ' on CPU ' + waker.cpu : ''}`
          + ` <a href="#" id="goto-waker">go to waker</a></p>`);
    } else {
      html.push('<h4>Woken by</h4><p id="details-waker" class="dim">No wake-up recorded for this wait'
          + ' (a timeout, a signal, or the capture has no wake-up events).</p>');
    }
    html.push('<h4>Wait stack</h4>', stackHtml(wait.stack, 'wait-stack'));
    if (waker) html.push('<h4>Waker stack</h4>', stackHtml(waker.stack, 'waker-stack'));
    this.body.innerHTML = html.join('');
  }
}

function stackHtml(stack, id) {
  if (!stack || stack.length === 0) return `<ol id="${id}" class="stack"><li class="dim">(no stack)</li></ol>`;
  return `<ol id="${id}" class="stack">` + stack.map(frame => `<li class="${frame.kernel ? 'kernel' : ''}">`
      + `${escapeHtml(frame.name)}${frame.module ? ' <span class="dim">' + escapeHtml(frame.module) + '</span>' : ''}</li>`).join('')
      + '</ol>';
}
