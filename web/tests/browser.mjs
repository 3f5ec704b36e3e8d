// Shared by the browser tests and the benchmark: Debian's Chromium driven by playwright-core,
// the app's locations, and helpers that wait for the app rather than for the clock.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Set by `cargo xtask test|bench`, which builds dist/ and serves it on loopback. */
export const SERVED = process.env.TROWEL_URL;
export const DIST = process.env.TROWEL_DIST;
export const OUT = process.env.TROWEL_OUT;
if (!SERVED || !DIST || !OUT) {
  throw new Error("run the browser tests through `cargo xtask test` (TROWEL_URL, TROWEL_DIST, TROWEL_OUT unset)");
}
export const SINGLE_FILE = pathToFileURL(path.join(DIST, "trowel.html")).href;
export const ROOT = path.resolve(DIST, "..");
mkdirSync(OUT, { recursive: true });

export function fixture(relative) {
  return readFileSync(path.join(ROOT, relative), "utf8");
}

/**
 * Headless Chromium with nothing in the background: no component updates, no sync, no QUIC,
 * and every host name but loopback unresolvable, so the only requests are the page's own.
 */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
}

/**
 * A fresh page whose every request is recorded, with errors collected: `requests` (URLs),
 * `errors` (uncaught exceptions and console errors) and `dialogs` (alerts and the like).
 */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const record = { requests: [], errors: [], dialogs: [] };
  page.on("request", (request) => record.requests.push(request.url()));
  page.on("pageerror", (error) => record.errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") record.errors.push(message.text());
  });
  page.on("dialog", (dialog) => {
    record.dialogs.push(dialog.message());
    dialog.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector("[data-testid=paste]");
  return { context, page, record };
}

/**
 * Opens `url` in a fresh page, runs `body(page, record, context)`, then checks that no request
 * left `origin` and that nothing broke (no page errors, no dialogs), and closes the page.
 */
export async function withPage(browser, url, origin, body, options) {
  const { context, page, record } = await openPage(browser, url, options);
  try {
    await body(page, record, context);
    assert.deepEqual(foreignRequests(record, origin), [], "requests left the page's own origin");
    assert.deepEqual(record.errors, [], "the page reported errors");
    assert.deepEqual(record.dialogs, [], "the page opened dialogs");
  } finally {
    await context.close();
  }
}

/**
 * Replaces the paste with `text` and waits until the report of exactly that text is shown.
 * Large texts arrive as a clipboard paste event, as when a user pastes them (`fill` types
 * through editing commands that take minutes on megabytes).
 */
export async function paste(page, text) {
  if (text.length < 100_000) {
    await page.fill("[data-testid=paste]", text);
  } else {
    await page.evaluate((value) => {
      // Into the text area with everything selected, or over a large paste shown read-only.
      const area = document.querySelector("[data-testid=paste]");
      const target = area.checkVisibility() ? area : document.querySelector(".editor");
      area.select();
      const clipboardData = new DataTransfer();
      clipboardData.setData("text/plain", value);
      target.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
    }, text);
  }
  await waitForReport(page, text);
}

export async function waitForReport(page, text) {
  const bytes = Buffer.byteLength(text, "utf8");
  await page.waitForSelector(`[data-testid=status][data-state=ready][data-bytes="${bytes}"]`, { timeout: 60_000 });
}

/** The requests that left the page's own origin (data: URLs never leave the browser). */
export function foreignRequests(record, origin) {
  return record.requests.filter((url) => !url.startsWith("data:") && !url.startsWith(origin));
}
