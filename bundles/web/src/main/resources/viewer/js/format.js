// Shared vocabulary of the page: state colours (the legend and the canvas read the same table), time and
// number formatting.

/** State colours, Superluminal-like: executing green, waiting for a CPU orange, sleeping blue-grey. */
export const STATE_COLORS = {
  RUNNING: '#3fb950',
  RUNNABLE: '#f0a030',
  SLEEPING: '#6c8ebf',
  BLOCKED_IO: '#b05bd6',
  STOPPED: '#5a5a5a',
  DEAD: '#3a3a3a',
  UNKNOWN: '#c8c8c8',
};

export const STATE_LABELS = {
  RUNNING: 'Running',
  RUNNABLE: 'Runnable (preempted)',
  SLEEPING: 'Sleeping (lock, sleep, poll)',
  BLOCKED_IO: 'Blocked on IO',
  STOPPED: 'Stopped',
  DEAD: 'Exited',
  UNKNOWN: 'Unknown',
};

export const STATES = Object.keys(STATE_COLORS);

/** A duration in nanoseconds, with a unit that keeps three significant digits readable. */
export function formatDuration(nanos) {
  const abs = Math.abs(nanos);
  if (abs >= 1e9) return (nanos / 1e9).toFixed(abs >= 1e11 ? 0 : abs >= 1e10 ? 1 : 3) + ' s';
  if (abs >= 1e6) return (nanos / 1e6).toFixed(abs >= 1e8 ? 0 : abs >= 1e7 ? 1 : 2) + ' ms';
  if (abs >= 1e3) return (nanos / 1e3).toFixed(abs >= 1e5 ? 0 : abs >= 1e4 ? 1 : 2) + ' µs';
  return Math.round(nanos) + ' ns';
}

/** A time on the capture's clock, shown relative to the capture's start. */
export function formatOffset(time, captureStart) {
  return formatDuration(time - captureStart);
}

export function formatCount(n) {
  return Number(n).toLocaleString('en-US');
}

export function formatPercent(part, whole) {
  if (!whole) return '0.0%';
  return (100 * part / whole).toFixed(1) + '%';
}

/** A colour per thread for the CPU rows: golden-angle hues so neighbouring tids differ. */
export function threadColor(tid) {
  const hue = (Math.imul(tid, 2654435761) >>> 0) % 360;
  return `hsl(${hue}, 55%, 55%)`;
}

/** Flame-graph colours: warm hues for user code, a cooler band for the kernel, stable per name. */
export function frameColor(name, kernel) {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) | 0;
  const jitter = (hash >>> 0) % 30;
  return kernel ? `hsl(${190 + jitter}, 45%, 52%)` : `hsl(${10 + jitter}, 75%, ${52 + (hash >>> 8) % 10}%)`;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

export function threadKey(pid, tid) {
  return pid + ':' + tid;
}
