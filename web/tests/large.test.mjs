// Large pastes are analysed in a Web Worker: the page keeps answering keys while a 20 MB
// generated incident is analysed, shows the analysis's phases, and still ranks the hidden
// incident first; the single file does the same from file:// with the network off.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { SERVED, SINGLE_FILE, ROOT, OUT, launch, openPage, waitForReport, foreignRequests } from "./browser.mjs";

/** The shared generator of large incident pastes (outside the repository). */
const GENERATOR = [process.env.TROWEL_GEN_INCIDENT, path.join(ROOT, "../shared/bench/gen_incident.py"), "/work/shared/bench/gen_incident.py"]
  .find((candidate) => candidate && existsSync(candidate));
const NO_GENERATOR = GENERATOR ? false : "gen_incident.py not found (set TROWEL_GEN_INCIDENT)";
/** The incident the generator hides in its pastes, as its own documentation describes it. */
const HIDDEN_CLASS = "stale-image-mutable-tag";
/**
 * Keys pressed while the worker analyses: nine in ten must be drawn within 200 ms, and none may
 * wait a second. On an idle machine the worst is ~30 ms; on the shared 2-core machine, where
 * the worker holds one core and other builds the other, the page's thread is sometimes
 * starved for a few hundred milliseconds. Analysing on the page's thread instead would hold
 * every key for the whole analysis (seconds), which both bounds catch.
 */
const P90_INPUT_LATENCY_MS = 200;
const MAX_INPUT_LATENCY_MS = 1000;
/**
 * Drawing the finished report is one task on the page's thread: keys pressed then wait for
 * it. Measured at about 0.6–1.2 s for the 20 MB paste on the shared 2-core machine; this bound
 * catches a return to the 6 s it took before evidence lists were capped.
 */
const MAX_RENDER_WAIT_MS = 3000;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function generate(mb) {
  return execFileSync("python3", [GENERATOR, "--mb", String(mb), "--seed", "1"], { encoding: "utf8", maxBuffer: 256 << 20 });
}

/**
 * Probes the page: each key's delay from the keydown event to the next frame, the phases the
 * progress indicator went through, and whether the app fell back to its own thread.
 */
async function instrument(page) {
  await page.evaluate(() => {
    window.__latencies = [];
    window.__phases = [];
    document.addEventListener("keydown", (event) => {
      const pressed = event.timeStamp;
      const phase = document.querySelector("[data-testid=progress]")?.dataset.phase ?? "done";
      // The frame's own timestamp may precede the event; the time the callback runs does not.
      requestAnimationFrame(() => window.__latencies.push({ phase, ms: performance.now() - pressed }));
    }, true);
    new MutationObserver(() => {
      const phase = document.querySelector("[data-testid=progress]")?.dataset.phase;
      if (phase && window.__phases.at(-1) !== phase) window.__phases.push(phase);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-phase"] });
  });
}

/** Pastes `text` as a clipboard paste over the editor, without waiting for the report. */
async function startPaste(page, text) {
  await page.evaluate((value) => {
    const area = document.querySelector("[data-testid=paste]");
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", value);
    area.select();
    area.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

async function topClass(page) {
  return page.locator("[data-testid=diagnosis]").first().getAttribute("data-class");
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

test("a 20 MB paste is analysed off the main thread while typing stays responsive", { skip: NO_GENERATOR }, async () => {
  const text = generate(20);
  const { context, page, record } = await openPage(browser, SERVED);
  const warnings = [];
  page.on("console", (message) => { if (message.type() === "warning") warnings.push(message.text()); });
  try {
    await instrument(page);
    await page.focus("[data-testid=paste]");
    const started = Date.now();
    await startPaste(page, text);
    await page.waitForSelector("[data-testid=progress][data-phase=analysing]", { timeout: 30_000 });
    // Type while the worker works, until the report is back.
    const bytes = Buffer.byteLength(text, "utf8");
    const ready = page.waitForSelector(`[data-testid=status][data-state=ready][data-bytes="${bytes}"]`, { timeout: 120_000 });
    let done = false;
    ready.then(() => { done = true; }, () => { done = true; });
    let keys = 0;
    while (!done) {
      await page.keyboard.press(keys % 2 ? "ArrowDown" : "ArrowUp");
      keys += 1;
      await page.waitForTimeout(40);
    }
    await ready;
    const took = Date.now() - started;
    await page.waitForTimeout(100);
    const { keys: pressed, phases } = await page.evaluate(() => ({ keys: window.__latencies, phases: window.__phases }));
    const analysing = pressed.filter((k) => k.phase === "analysing").map((k) => k.ms);
    const later = pressed.filter((k) => k.phase !== "analysing").map((k) => k.ms);
    const max = Math.max(...analysing);
    const renderWait = Math.max(0, ...later);
    console.log(`20 MB paste: report after ${took} ms; ${analysing.length} keys while the worker analysed: input latency median ${median(analysing).toFixed(1)} ms, p90 ${[...analysing].sort((a, b) => a - b)[Math.floor(analysing.length * 0.9)].toFixed(1)} ms, max ${max.toFixed(1)} ms; longest wait while the report was drawn ${renderWait.toFixed(0)} ms; phases ${phases.join(" → ")}`);
    assert.ok(analysing.length >= 5, `only ${analysing.length} keys were pressed during the analysis`);
    const p90 = [...analysing].sort((a, b) => a - b)[Math.floor(analysing.length * 0.9)];
    assert.ok(p90 < P90_INPUT_LATENCY_MS, `one key in ten waited over ${p90.toFixed(0)} ms while the worker analysed (${analysing.map(Math.round)})`);
    assert.ok(max < MAX_INPUT_LATENCY_MS, `a key waited ${max.toFixed(0)} ms for a frame while the worker analysed (${analysing.map(Math.round)})`);
    assert.ok(renderWait < MAX_RENDER_WAIT_MS, `a key waited ${renderWait.toFixed(0)} ms while the report was drawn`);
    assert.ok(phases.includes("analysing") && phases.includes("rendering"), `phases shown: ${phases}`);
    assert.deepEqual(warnings.filter((w) => w.includes("thread")), [], "the app fell back to its own thread");
    assert.equal(await topClass(page), HIDDEN_CLASS, "the hidden incident ranks first");
    assert.deepEqual(foreignRequests(record, SERVED), []);
    assert.deepEqual(record.errors, []);
    await page.screenshot({ path: path.join(OUT, "large-20mb.png") });
  } finally {
    await context.close();
  }
});

test("the single file analyses a large paste in its worker from file://, offline", { skip: NO_GENERATOR }, async () => {
  const text = generate(3);
  const { context, page, record } = await openPage(browser, SINGLE_FILE, { offline: true });
  const warnings = [];
  page.on("console", (message) => { if (message.type() === "warning") warnings.push(message.text()); });
  try {
    await instrument(page);
    await startPaste(page, text);
    await waitForReport(page, text);
    const phases = await page.evaluate(() => window.__phases);
    assert.ok(phases.includes("analysing") && phases.includes("rendering"), `phases shown: ${phases}`);
    assert.deepEqual(warnings.filter((w) => w.includes("thread")), [], "the worker did not start from the single file");
    assert.equal(await topClass(page), HIDDEN_CLASS);
    assert.ok(record.requests.every((url) => url === SINGLE_FILE || url.startsWith("data:") || url.startsWith("blob:")), `requests: ${record.requests}`);
    assert.deepEqual(record.errors, []);
  } finally {
    await context.close();
  }
});

test("a paste past the browser's limit is shown with a clear message, not analysed", async () => {
  const { context, page, record } = await openPage(browser, SERVED);
  try {
    // 65 MiB of one repeated line, built in the page (no need to send it over the wire).
    await page.evaluate(() => {
      const text = "2024-05-01T10:00:00Z INFO worker processed a batch\n".repeat(Math.ceil((65 << 20) / 51));
      const clipboardData = new DataTransfer();
      clipboardData.setData("text/plain", text);
      const area = document.querySelector("[data-testid=paste]");
      area.select();
      area.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
    });
    const message = page.locator("[data-testid=progress][data-phase=too-large]");
    await message.waitFor({ timeout: 60_000 });
    assert.match(await message.textContent(), /past the browser's limit of 64 MB.*trowel analyze/);
    assert.equal(await page.locator("[data-testid=status]").getAttribute("data-state"), "too-large");
    assert.deepEqual(record.errors, []);
  } finally {
    await context.close();
  }
});
