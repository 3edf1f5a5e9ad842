/**
 * The HTML report in a real headless Chromium: charts and tables are laid out and visible, the
 * page logs no console errors and makes no network requests. Skipped when no Chromium binary
 * exists. CI installs Debian's with `apt-get install -y chromium fonts-noto-cjk` (without the
 * fonts Chinese text renders as boxes in the screenshots). Screenshots are written to the temp
 * folder for a human to look at.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classificationInput, regressionInput } from './test-fixtures.js';
import type { ReportInput } from './types.js';
import { writeReport } from './write.js';

const CHROMIUM = process.env.ASKML_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`[report browser test] skipped: no Chromium at ${CHROMIUM} (install with: apt-get install -y chromium fonts-noto-cjk)`);
}

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  let browser: BrowserContext;
  let userDataDir: string;
  let outDir: string;

  beforeAll(async () => {
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'askml-chromium-'));
    outDir = await mkdtemp(path.join(os.tmpdir(), 'askml-report-'));
    // A persistent context is how Playwright takes a (fresh, temporary) user-data dir.
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      viewport: { width: 1100, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(userDataDir, { recursive: true, force: true });
    await rm(outDir, { recursive: true, force: true });
  });

  async function open(input: ReportInput, name: string) {
    const { htmlPath } = await writeReport(input, outDir, { baseName: name });
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    const url = pathToFileURL(htmlPath).href;
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors, requests, url };
  }

  async function box(page: import('playwright-core').Page, selector: string) {
    const el = page.locator(selector).first();
    expect(await el.isVisible(), `${selector} visible`).toBe(true);
    const b = await el.boundingBox();
    expect(b, `${selector} has a box`).not.toBeNull();
    return b!;
  }

  it('lays out an English classification report with all charts and tables', async () => {
    const input = classificationInput({ classes: 6 });
    input.evaluation!.classification!.labels[5] = '<img src=x onerror=alert(1)>';
    input.evaluation!.classification!.perClass[5].label = '<img src=x onerror=alert(1)>';
    const { page, errors, requests } = await open(input, 'cls-en');

    for (const sel of ['svg.chart-progress', 'svg.chart-confusion', 'svg.chart-bars', 'table.leaderboard', 'table.per-class', 'table.columns']) {
      const b = await box(page, sel);
      expect(b.width, sel).toBeGreaterThan(100);
      expect(b.height, sel).toBeGreaterThan(50);
    }
    expect(await page.locator('svg.chart-confusion rect.cell').count()).toBe(36);
    expect(await page.locator('svg.chart-bars rect.bar').count()).toBe(20);
    expect(await page.locator('table.leaderboard tbody tr').count()).toBe(4);
    expect(await page.locator('img').count()).toBe(0); // the hostile label stayed text
    expect(await page.locator('h1').innerText()).toContain('<category>');
    // The chart must fit in the page column (no horizontal overflow of the main body).
    // A string expression: the project's tsconfig has no DOM lib.
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);

    await page.screenshot({ path: path.join(os.tmpdir(), 'askml-report-classification-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('lays out a Chinese regression report with the scatter and y = x line', async () => {
    const { page, errors, requests } = await open(regressionInput(), 'reg-zh');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('h2').first().innerText()).toBe('数据概况');
    for (const sel of ['svg.chart-scatter', 'svg.chart-progress', 'svg.chart-bars', 'table.residuals']) {
      const b = await box(page, sel);
      expect(b.width, sel).toBeGreaterThan(100);
    }
    expect(await page.locator('svg.chart-scatter circle.point').count()).toBe(2000);
    await box(page, 'svg.chart-scatter line.identity');

    await page.screenshot({ path: path.join(os.tmpdir(), 'askml-report-regression-zh.png'), fullPage: true });
    // A 26-class matrix still fits the page column.
    const big = classificationInput({ classes: 26, lang: 'zh' });
    const second = await open(big, 'cls-26');
    expect(await second.page.locator('svg.chart-confusion rect.cell').count()).toBe(676);
    const b = await box(second.page, 'svg.chart-confusion');
    expect(b.width).toBeLessThanOrEqual(980);
    await second.page.locator('figure.fig-confusion').screenshot({ path: path.join(os.tmpdir(), 'askml-report-confusion-26.png') });
    expect([...errors, ...second.errors]).toEqual([]);
    expect([...requests, ...second.requests]).toEqual([]);
    await page.close();
    await second.page.close();
  });

  it('prints to PDF without error', async () => {
    const { page } = await open(classificationInput(), 'print');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.close();
  });
});
