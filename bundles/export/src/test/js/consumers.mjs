// Reads exported files with the real consumers and prints what they saw as one JSON object on stdout.
//   node consumers.mjs pprof|chrome|speedscope|html FILE
// Environment: TACHYON_NPM, the folder npm installed pprof-format, speedscope and playwright-core into;
// CHROMIUM, the browser executable. The Java tests (bundles/export/src/test/java) run it and check the output.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(path.join(process.env.TACHYON_NPM, 'node_modules', 'consumers.js'));
const [command, file] = process.argv.slice(2);

const commands = { pprof, chrome, speedscope, html };
if (!commands[command]) {
  console.error(`unknown command ${command}; one of ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
const result = await commands[command](file);
process.stdout.write(JSON.stringify(result) + '\n');

/** Decodes the gzipped profile with pprof-format and checks that every id it references exists. */
async function pprof(file) {
  const { Profile } = require('pprof-format');
  const profile = Profile.decode(zlib.gunzipSync(fs.readFileSync(file)));
  const strings = profile.stringTable.strings;
  const text = (index) => strings[Number(index)];
  const errors = [];
  const functions = new Map(profile.function.map((f) => [Number(f.id), f]));
  const locations = new Map(profile.location.map((l) => [Number(l.id), l]));
  const mappings = new Map(profile.mapping.map((m) => [Number(m.id), m]));
  for (const location of profile.location) {
    if (!mappings.has(Number(location.mappingId))) errors.push(`location ${location.id} has no mapping ${location.mappingId}`);
    for (const line of location.line) {
      if (!functions.has(Number(line.functionId))) errors.push(`location ${location.id} has no function ${line.functionId}`);
    }
  }
  const totals = profile.sampleType.map(() => 0);
  const cpuSelfByFunction = {};
  const labelKeys = new Set();
  for (const sample of profile.sample) {
    if (sample.value.length !== profile.sampleType.length) errors.push('a sample has the wrong number of values');
    sample.value.forEach((value, i) => { totals[i] += Number(value); });
    const leaf = locations.get(Number(sample.locationId[0]));
    if (!leaf) { errors.push(`a sample has no location ${sample.locationId[0]}`); continue; }
    for (const id of sample.locationId) if (!locations.has(Number(id))) errors.push(`a sample has no location ${id}`);
    const name = text(functions.get(Number(leaf.line[0].functionId)).name);
    cpuSelfByFunction[name] = (cpuSelfByFunction[name] || 0) + Number(sample.value[0]);
    for (const label of sample.label) labelKeys.add(text(label.key));
  }
  return {
    sampleTypes: profile.sampleType.map((t) => `${text(t.type)}/${text(t.unit)}`),
    defaultSampleType: text(profile.defaultSampleType),
    periodType: profile.periodType ? `${text(profile.periodType.type)}/${text(profile.periodType.unit)}` : null,
    period: Number(profile.period),
    durationNanos: Number(profile.durationNanos),
    mappings: profile.mapping.map((m) => ({ file: text(m.filename), buildId: text(m.buildId), hasFunctions: m.hasFunctions })),
    totals,
    cpuSelfByFunction,
    labelKeys: [...labelKeys].sort(),
    errors,
  };
}

async function browser() {
  const { chromium } = require('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'tachyon-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const close = async () => { await context.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); };
  return { context, close };
}

/** A blank page in headless Chromium parses the trace and checks its events, frames and samples. */
async function chrome(file) {
  const { context, close } = await browser();
  try {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.setContent('<!DOCTYPE html><title>trace check</title><body></body>');
    const seen = await page.evaluate(checkTraceInPage, fs.readFileSync(file, 'utf8'));
    seen.errors.push(...pageErrors);
    return seen;
  } finally {
    await close();
  }
}

// Runs in the page: only what a browser has.
function checkTraceInPage(text) {
  const errors = [];
  const trace = JSON.parse(text);
  const frames = trace.stackFrames || {};
  const processNames = {};
  const threadNames = {};
  const slicesByName = {};
  const slicesByThread = {};
  let waitSlicesWithStack = 0;
  for (const event of trace.traceEvents) {
    if (event.ph === 'M') {
      if (typeof event.args?.name !== 'string') errors.push(`metadata event without a name: ${JSON.stringify(event)}`);
      if (event.name === 'process_name') processNames[event.pid] = event.args.name;
      else if (event.name === 'thread_name') threadNames[event.tid] = event.args.name;
      else errors.push(`unexpected metadata ${event.name}`);
    } else if (event.ph === 'X') {
      if (!(event.ts >= 0 && event.dur >= 0)) errors.push(`slice with bad times: ${JSON.stringify(event)}`);
      if (!threadNames[event.tid]) errors.push(`slice on unnamed thread ${event.tid}`);
      slicesByName[event.name] = (slicesByName[event.name] || 0) + 1;
      (slicesByThread[event.tid] = slicesByThread[event.tid] || []).push(event);
      if (Array.isArray(event.args?.wait_stack) && event.args.wait_stack.length > 0) waitSlicesWithStack++;
    } else {
      errors.push(`unexpected phase ${event.ph}`);
    }
  }
  for (const [tid, slices] of Object.entries(slicesByThread)) {
    for (let i = 1; i < slices.length; i++) {
      if (slices[i].ts + 1e-6 < slices[i - 1].ts + slices[i - 1].dur) errors.push(`slices overlap on thread ${tid} at ${slices[i].ts}`);
    }
  }
  const samplesByThread = {};
  let maxDepth = 0;
  for (const sample of trace.samples) {
    if (!(sample.ts >= 0)) errors.push(`sample with bad time ${sample.ts}`);
    let depth = 0;
    for (let id = sample.sf; id !== undefined; id = frames[id]?.parent) {
      if (!frames[id]) { errors.push(`sample refers to missing frame ${id}`); break; }
      if (++depth > 10000) { errors.push('frame parents loop'); break; }
    }
    maxDepth = Math.max(maxDepth, depth);
    samplesByThread[sample.tid] = (samplesByThread[sample.tid] || 0) + 1;
  }
  return { processNames, threadNames, slicesByName, waitSlicesWithStack, samples: trace.samples.length, samplesByThread,
    frames: Object.keys(frames).length, maxDepth, errors };
}

/** speedscope's own importer, in its page: the file is given to its file input as a user would. */
async function speedscope(file) {
  const { context, close } = await browser();
  try {
    const page = await context.newPage();
    const dialogs = [];
    const pageErrors = [];
    page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    const app = path.join(process.env.TACHYON_NPM, 'node_modules', 'speedscope', 'dist', 'release', 'index.html');
    await page.goto(pathToFileURL(app).href);
    await page.setInputFiles('input[type=file]', file);
    let title = await page.title();
    for (let i = 0; i < 300 && !title.endsWith(' - speedscope') && dialogs.length === 0; i++) {
      await page.waitForTimeout(100);
      title = await page.title();
    }
    const text = await page.evaluate(() => document.body.innerText);
    return { title, dialogs, pageErrors, text: text.slice(0, 2000) };
  } finally {
    await close();
  }
}

/** Opens the HTML report from its file, recording every request it makes, and uses it as a person would. */
async function html(file) {
  const { context, close } = await browser();
  try {
    const page = await context.newPage();
    const url = pathToFileURL(path.resolve(file)).href;
    const requests = [];
    const pageErrors = [];
    const consoleErrors = [];
    context.on('request', (request) => { if (request.url() !== url) requests.push(request.url()); });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(300);
    const box = await page.locator('#chart').boundingBox();
    const painted = await page.evaluate(() => {
      const canvas = document.getElementById('chart');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let colored = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) colored++;
      return colored;
    });
    // The root spans the whole width at the bottom row.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 5);
    const rootDetails = await page.locator('#details').innerText();
    await page.fill('#search', 'parse_input');
    const matched = await page.locator('#matched').innerText();
    return {
      title: await page.title(),
      nodes: Number(await page.evaluate(() => document.body.dataset.frames)),
      painted, rootDetails, matched, requests, pageErrors, consoleErrors,
    };
  } finally {
    await close();
  }
}
