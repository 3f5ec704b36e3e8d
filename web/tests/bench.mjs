// `cargo xtask bench FILE...`: in Chromium, the app's first render (served and from file://)
// and the time `trowel_core::analyze` takes inside the app on each file (the app measures it
// around the call with performance.now() and shows it in the status bar): the first analysis
// of the file in a fresh page, and the median of the next five (the browser has optimised the
// code by then; see `warm_up` in crates/trowel-web/src/components/app.rs).
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { SERVED, SINGLE_FILE, launch, openPage, paste } from "./browser.mjs";

const RUNS = 6;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await launch();
try {
  for (const [what, url] of [["served", SERVED], ["file://", SINGLE_FILE]]) {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const { context, page } = await openPage(browser, url);
      times.push(await page.evaluate(() => performance.getEntriesByName("trowel:first-render")[0].startTime));
      await context.close();
    }
    console.log(`first render (${what}): ${median(times).toFixed(0)} ms after navigation start (median of 5)`);
  }
  for (const file of process.argv.slice(2)) {
    const text = readFileSync(file, "utf8");
    const { context, page } = await openPage(browser, SERVED);
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      // A different text each run (trailing blank lines), so each is a fresh analysis.
      const variant = text + "\n".repeat(i);
      const started = Date.now();
      await paste(page, variant);
      const wall = Date.now() - started;
      times.push(Number(await page.getAttribute("[data-testid=analysis-ms]", "data-ms")));
      if (i === RUNS - 1) console.log(`  (last run: ${wall} ms from paste to rendered report, debounce included)`);
    }
    const [first, ...rest] = times;
    const ms = median(rest);
    const mb = statSync(file).size / 1e6;
    console.log(`${path.basename(file)}: ${statSync(file).size} bytes, analyze ${first.toFixed(2)} ms in the browser on the first run, then ${ms.toFixed(2)} ms (median of ${rest.length}), ${(mb / (ms / 1000)).toFixed(1)} MB/s`);
    await context.close();
  }
} finally {
  await browser.close();
}
