// Trowel outside its own page: offline after the first visit (service worker), and embedded
// in a runbook (`embed.js` widgets and the iframe form). Screenshots go to web/test-output/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { SERVED, OUT, launch, paste, fixture, foreignRequests } from "./browser.mjs";

const EMBED_PAGE = new URL("embed-test.html", SERVED).href;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A fresh context whose every request (the page's, its frames', its workers') is recorded. */
async function recordedContext(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  const requests = [];
  const errors = [];
  context.on("request", (request) => requests.push(request.url()));
  context.on("page", (page) => page.on("pageerror", (error) => errors.push(String(error))));
  return { context, requests, errors };
}

test("the served app works offline after its first visit", async () => {
  const { context, errors } = await recordedContext();
  try {
    const page = await context.newPage();
    await page.goto(SERVED);
    await page.waitForSelector("[data-testid=paste]");
    const cache = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      return (await caches.keys()).find((name) => name.startsWith("trowel-"));
    });
    assert.match(cache, /^trowel-[0-9a-f]{16}$/, "the cache is named for the build");
    const manifest = await page.evaluate(async () => (await fetch(document.querySelector("link[rel=manifest]").href)).json());
    assert.equal(manifest.display, "standalone");
    assert.ok(manifest.icons.length > 0, "installable apps need an icon");

    await context.setOffline(true);
    // Offline for real: a file the worker does not keep cannot be fetched.
    const uncached = await page.evaluate(() => fetch("pkg/trowel_wasm.js").then(() => "fetched", () => "failed"));
    assert.equal(uncached, "failed");
    await page.reload();
    await page.waitForSelector("[data-testid=paste]");
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), "the service worker answers the page");
    await paste(page, fixture("fixtures/stale-image-mutable-tag/flux-helm-main-tag.txt"));
    assert.equal(await page.locator("[data-testid=diagnosis]").first().getAttribute("data-class"), "stale-image-mutable-tag");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("runbook widgets analyse their own blocks and the iframe shows the app", async () => {
  const { context, requests, errors } = await recordedContext();
  try {
    const page = await context.newPage();
    await page.goto(EMBED_PAGE);
    const widgets = page.locator("[data-testid=trowel-embed]");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=trowel-embed][data-state=ready]").length === 2, null, { timeout: 30_000 });
    const blocks = await page.locator("pre[data-trowel]").evaluateAll((pres) => pres.map((pre) => pre.dataset.fixture));
    assert.equal(blocks.length, 2);
    for (const [i, file] of blocks.entries()) {
      // The fixture's folder names the class it must rank first; each widget shows its own.
      const expected = path.basename(path.dirname(file));
      const widget = widgets.nth(i);
      const top = widget.locator("[data-testid=embed-diagnosis]").first();
      if (await widget.locator("details").getAttribute("open") === null) {
        await widget.locator("summary").click();
        assert.ok(await top.isVisible(), "a collapsed widget opens on a click");
      }
      assert.equal(await top.getAttribute("data-class"), expected, `widget ${i + 1} (${file})`);
      assert.ok(Number(await top.getAttribute("data-confidence")) >= 0.5);
      assert.ok(await top.locator(".quote").count() > 0, "evidence is quoted");
      const quote = await top.locator(".quote").first().textContent();
      assert.ok(fixture(file).includes(quote), "a quote is a verbatim slice of its block");
      assert.ok(await top.locator("h4", { hasText: "Fix" }).count() === 1, "fixes are listed");
      const graph = widget.locator("[data-testid=embed-graph]");
      await graph.scrollIntoViewIfNeeded();
      const drawn = await graph.evaluate((img) => img.decode().then(() => img.naturalWidth, () => 0));
      assert.ok(drawn > 0, `widget ${i + 1} draws its evidence graph`);
    }

    const frame = page.frameLocator("[data-testid=trowel-frame]");
    await frame.locator("[data-testid=status]").waitFor({ timeout: 30_000 });
    assert.ok(await frame.locator("[data-testid=paste]").count() === 1, "the app runs in the frame");

    await page.screenshot({ path: path.join(OUT, "embed.png"), fullPage: true });
    assert.deepEqual(foreignRequests({ requests }, SERVED), [], "requests left the page's origin");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a widget shows pasted markup as text and runs none of it", async () => {
  const { context, errors } = await recordedContext();
  try {
    const page = await context.newPage();
    const hostile = "<img src=x onerror=\"window.__pwned = 1\">\n[2024-01-01T00:00:00Z] web | ERROR <script>window.__pwned = 2</script> failed";
    const url = new URL("hostile-runbook.html", SERVED).href;
    await page.route(url, (route) => route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><script type="module" src="embed.js"></script><pre data-trowel id="block"></pre>`,
    }));
    // The block's text is set as text before embed.js runs (module scripts run after parsing).
    await page.addInitScript((text) => {
      document.addEventListener("readystatechange", () => {
        const block = document.getElementById("block");
        if (block && !block.textContent) block.textContent = text;
      });
    }, hostile);
    await page.goto(url);
    await page.locator("[data-testid=trowel-embed][data-state=ready]").waitFor({ timeout: 30_000 });
    assert.equal(await page.locator("#block").textContent(), hostile, "the widget read the hostile block");
    assert.equal(await page.evaluate(() => window.__pwned), undefined, "pasted code ran");
    const injected = await page.evaluate(() => document.querySelector("[data-testid=trowel-embed]").shadowRoot.querySelectorAll("script, img:not([src^='data:image/svg+xml'])").length);
    assert.equal(injected, 0, "pasted tags became elements");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
