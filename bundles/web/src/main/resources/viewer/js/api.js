// The server's JSON endpoints (see the contract in bundles/web/README.md): one client per served capture.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function getJson(url, signal) {
  const response = await fetch(url, {signal, headers: {'Accept': 'application/json'}});
  if (!response.ok) {
    let message = response.status + ' ' + response.statusText;
    try {
      const body = await response.json();
      if (body && body.error) message = body.error;
    } catch (ignored) {
      // The body was not the JSON error object: the status line says enough.
    }
    throw new ApiError(response.status, message + ' (' + url + ')');
  }
  return response.json();
}

/** Times go to the server as whole nanoseconds; the page computes them as doubles. */
function wholeNanos(range) {
  return range ? {from: Math.floor(range.from), to: Math.ceil(range.to)} : {};
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

export function listCaptures() {
  return getJson('api/captures');
}

export class CaptureApi {
  constructor(id) {
    this.base = 'api/captures/' + encodeURIComponent(id);
  }

  summary() {
    return getJson(this.base + '/summary');
  }

  /**
   * Thread states and CPU occupancy, merged by the server to at most one interval per pixel column; without the
   * CPU rows when `cpus` is false (the page has them for this window and width).
   */
  timeline(range, width, threads, signal, cpus = true) {
    return getJson(this.base + '/timeline' + query({...wholeNanos(range), width, threads,
      cpus: cpus ? undefined : false}), signal);
  }

  samples(range, width, threads, signal) {
    return getJson(this.base + '/samples' + query({...wholeNanos(range), width, threads}), signal);
  }

  callTree(range, threads, inverted, signal) {
    return getJson(this.base + '/calltree' + query({
      ...wholeNanos(range), threads, inverted, minPercent: 0.1}), signal);
  }

  functions(range, threads, q, signal) {
    return getJson(this.base + '/functions' + query({...wholeNanos(range), threads, q, limit: 200}),
        signal);
  }

  lines(range, threads, signal) {
    return getJson(this.base + '/lines' + query({...wholeNanos(range), threads, limit: 200}), signal);
  }

  wait(pid, tid, time) {
    return getJson(this.base + '/wait' + query({pid, tid, time}));
  }

  findings() {
    return getJson(this.base + '/findings');
  }
}
