// Share links, secrets and exports in a real browser (Debian Chromium, headless). Run with
// `cargo xtask test`, which builds and serves dist/ first.
//
// A link made in one page must open, in a fresh page (served, and the single file from
// file://), the same paste with the same top diagnosis; secrets must be marked in the paste and
// missing from links and exports unless the user includes them. The screenshot of a redacted
// share goes to web/test-output/share-redacted.png: look at it after a change to the UI.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { SERVED, SINGLE_FILE, OUT, launch, withPage, paste, waitForReport, fixture } from "./browser.mjs";

const SEED = { file: "fixtures/seeds/job-that-succeeded-wrong.txt", top: "config-crossover" };
/** The longest payload a link carries (crates/trowel-web/src/share.rs, MAX_PAYLOAD_CHARS). */
const MAX_PAYLOAD_CHARS = 32_000;

// Secrets of three kinds, each on a line that reads like ops text. Built from pieces so that
// no secret scanner mistakes this file for a leak.
const PASSWORD = ["hun", "ter", "2-", "xK9q"].join("");
const JWT = ["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiJiaWxsaW5nLXdvcmtlciJ9", "c2lnbmF0dXJlLW5vdC1yZWFs"].join(".");
const KEY_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";
const SECRETS_PASTE = [
  "$ kubectl logs billing-worker-7c9f8-x2x4q -n billing",
  `10:00:00Z ERROR DB_PASSWORD=${PASSWORD} host=mq.billing.svc connect failed`,
  `10:00:01Z INFO Bearer ${JWT}`,
  "",
  "# From: tls/worker.key",
  ["-----BEGIN", "RSA PRIVATE KEY-----"].join(" "),
  KEY_BODY,
  ["-----END", "RSA PRIVATE KEY-----"].join(" "),
  "",
].join("\n");

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


/** The paste a share link carries, decoded as the format says: base64url of raw DEFLATE. */
function decode(link) {
  const payload = new URL(link).hash.replace(/^#z=/, "");
  assert.notEqual(payload, new URL(link).hash, `a share fragment: ${link}`);
  return inflateRawSync(Buffer.from(payload, "base64url")).toString("utf8");
}

async function share(page) {
  await page.click("[data-testid=share]");
  const field = page.locator("[data-testid=share-url]");
  await field.waitFor();
  const link = await field.inputValue();
  assert.equal(await page.evaluate(() => location.href), link, "the address is the link");
  return link;
}

async function topClass(page) {
  return page.locator("[data-testid=diagnosis]").first().getAttribute("data-class");
}

async function exported(page, id) {
  if (!(await page.locator(`[data-testid=export-${id}]`).isVisible())) {
    await page.click("[data-testid=export-menu]");
  }
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid=export-${id}]`)]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
}

test("a shared seed opens with the same paste and diagnosis, served and from file://", async () => {
  const text = fixture(SEED.file);
  let link;
  await withPage(browser, SERVED, SERVED, async (page) => {
    await paste(page, text);
    assert.equal(await topClass(page), SEED.top);
    link = await share(page);
    assert.equal(await page.locator("[data-testid=secrets-notice]").count(), 0, "the seed has no secrets");
    assert.equal(decode(link), text, "the link carries the paste itself");
    const chars = new URL(link).hash.length - 3;
    console.log(`# seed share link: ${text.length} bytes of paste → ${chars} characters of fragment`);
  });
  const fragment = new URL(link).hash;
  for (const [url, origin, options] of [[link, SERVED, {}], [SINGLE_FILE + fragment, SINGLE_FILE, { offline: true }]]) {
    await withPage(browser, url, origin, async (page) => {
      await waitForReport(page, text);
      assert.equal(await page.inputValue("[data-testid=paste]"), text, `same paste at ${origin}`);
      assert.equal(await topClass(page), SEED.top, `same top diagnosis at ${origin}`);
      assert.equal(await page.inputValue("[data-testid=share-url]"), url, "the opened link is shown as the link");
      // Editing makes the link stale: the address drops it, so a reload keeps the edit.
      await paste(page, text + "\n# edited\n");
      assert.equal(await page.evaluate(() => location.hash), "");
      assert.equal(await page.locator("[data-testid=share-url]").count(), 0);
    }, options);
  }
});

test("secrets are marked in the paste and left out of links and exports unless included", async () => {
  await withPage(browser, SERVED, SERVED, async (page, _record, context) => {
    await paste(page, SECRETS_PASTE);
    const marks = page.locator("[data-testid=secret]");
    await marks.first().waitFor();
    const found = await marks.evaluateAll((nodes) => nodes.map((n) => [n.title, n.textContent]));
    const kinds = found.map(([title]) => title);
    for (const kind of ["password", "jwt", "private-key"]) {
      assert.ok(kinds.some((title) => title.includes(kind)), `a ${kind} is marked: ${kinds}`);
    }
    const marked = found.map(([, text]) => text).join("\n");
    for (const secret of [PASSWORD, JWT, KEY_BODY]) assert.ok(marked.includes(secret), `${secret.slice(0, 8)}… is marked`);
    assert.match(await page.textContent("[data-testid=secrets-notice]"), /^3 secrets found/);
    assert.equal(await page.isChecked("[data-testid=redact-toggle]"), false, "secrets are left out by default");

    const redacted = decode(await share(page));
    assert.ok(redacted.includes("‹redacted:"), "placeholders stand in for the secrets");
    for (const secret of [PASSWORD, JWT, KEY_BODY]) assert.ok(!redacted.includes(secret), `${secret.slice(0, 8)}… is not in the link`);
    assert.ok(redacted.includes("host=mq.billing.svc"), "the rest of the line stays");
    await page.screenshot({ path: path.join(OUT, "share-redacted.png") });

    for (const id of ["markdown", "json", "mermaid", "svg"]) {
      const { text } = await exported(page, id);
      for (const secret of [PASSWORD, JWT, KEY_BODY]) assert.ok(!text.includes(secret), `${secret.slice(0, 8)}… is not in the ${id} export`);
    }
    const json = (await exported(page, "json")).text;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(SERVED).origin });
    await page.click("[data-testid=copy-json]");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.deepEqual(JSON.parse(copied), JSON.parse(json), "the copy is the download");

    await page.check("[data-testid=redact-toggle]");
    assert.equal(await page.locator("[data-testid=share-url]").count(), 0, "the redacted link is withdrawn");
    assert.equal(decode(await share(page)), SECRETS_PASTE, "included on request");
  });
});

test("each export downloads the report of the paste, and copies the same", async () => {
  await withPage(browser, SERVED, SERVED, async (page, _record, context) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(SERVED).origin });
    await paste(page, fixture(SEED.file));
    const files = {};
    for (const id of ["markdown", "json", "mermaid", "svg"]) {
      files[id] = await exported(page, id);
      await page.click(`[data-testid=copy-${id}]`);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), files[id].text, `the ${id} copy is its download`);
    }
    const report = JSON.parse(files.json.text);
    assert.equal(files.json.name, "trowel-report.json");
    for (const field of ["diagnoses", "artifacts", "graph", "timeline"]) assert.ok(field in report, `the report has ${field}`);
    assert.equal(report.diagnoses[0].class, SEED.top);

    assert.equal(files.markdown.name, "trowel-report.md");
    assert.match(files.markdown.text, /^# /, "a Markdown document");
    assert.ok(files.markdown.text.includes(SEED.top), "the Markdown names the top diagnosis");
    const quote = report.diagnoses[0].evidence[0].quote.split("\n")[0];
    assert.ok(files.markdown.text.includes(quote), `the Markdown quotes the evidence: ${quote}`);

    assert.equal(files.mermaid.name, "trowel-graph.mmd");
    assert.match(files.mermaid.text, /^flowchart /);
    assert.equal(files.svg.name, "trowel-graph.svg");
    assert.match(files.svg.text, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Both drawings show the top diagnosis's node, labelled with its class.
    for (const id of ["mermaid", "svg"]) assert.ok(files[id].text.includes(`${SEED.top} (`), `the ${id} graph has the top diagnosis`);
    const svg = await page.evaluate((text) => new DOMParser().parseFromString(text, "image/svg+xml").documentElement.nodeName, files.svg.text);
    assert.equal(svg, "svg", "the SVG parses as an SVG document");
  });
});

test("a broken link says so and leaves the page working", async () => {
  for (const [fragment, why] of [["#z=not*base64", /characters a Trowel link never has/], ["#z=AAAAAAAA", /does not decompress/]]) {
    await withPage(browser, SERVED + fragment, SERVED, async (page) => {
      const error = page.locator("[data-testid=share-error]");
      await error.waitFor();
      assert.match(await error.textContent(), why);
      assert.match(await error.textContent(), /^This share link could not be opened/);
      await paste(page, "$ kubectl get pods\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d\n");
      assert.equal(await page.locator("[data-testid=share-error]").count(), 0, "the message goes with the next paste");
    });
  }
});

test("a link made to the documented format opens, also when only the address's fragment changes", async () => {
  const text = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\nweb-1 0/1 CrashLoopBackOff 7 12m\n";
  const fragment = `#z=${deflateRawSync(Buffer.from(text)).toString("base64url")}`;
  await withPage(browser, SERVED, SERVED, async (page) => {
    await paste(page, "something else\n");
    await page.evaluate((hash) => { location.hash = hash; }, fragment);
    await waitForReport(page, text);
    assert.equal(await page.inputValue("[data-testid=paste]"), text);
  });
});

test("a paste too large for a link says so and offers an export", async () => {
  // Random base64 barely compresses: 48 KB of it needs about 48,000 characters of link.
  const text = randomBytes(36_000).toString("base64").replace(/.{100}/g, "$&\n");
  await withPage(browser, SERVED, SERVED, async (page) => {
    await paste(page, text);
    await page.click("[data-testid=share]");
    const message = page.locator("[data-testid=share-too-large]");
    await message.waitFor();
    const chars = Number((await message.textContent()).match(/a link of (\d+) characters/)[1]);
    assert.ok(chars > MAX_PAYLOAD_CHARS, `${chars} characters`);
    assert.equal(await page.evaluate(() => location.hash), "", "no link is put in the address");
    const [download] = await Promise.all([page.waitForEvent("download"), message.locator("button").click()]);
    assert.match(download.suggestedFilename(), /^trowel-report\./);
  });
});
