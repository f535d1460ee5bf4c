/**
 * The README's picture of the report: `npm start` writes reports/latest/index.html, and this
 * opens it in Chromium and saves the top of the page to docs/images/report.png.
 *
 *   npm start && npm run screenshot [-- --page reports/latest/index.html --out docs/images/report.png]
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openBrowser } from '../test/support/browser.js';

const arg = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : fallback);
const page = resolve(arg('--page', 'reports/latest/index.html'));
const out = resolve(arg('--out', 'docs/images/report.png'));
const { context, close } = await openBrowser();
const tab = await context.newPage();
await tab.setViewportSize({ width: 1400, height: 1100 });
await tab.goto(pathToFileURL(page).href);
mkdirSync(dirname(out), { recursive: true });
await tab.screenshot({ path: out });
await close();
console.log(`wrote ${out}`);
