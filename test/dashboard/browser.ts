// Debian's Chromium driven by playwright-core: nothing is downloaded, CI installs the package (.ci/run).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CASEFLOW_CHROMIUM ?? '/usr/bin/chromium';
export const shotsDir = path.join(__dirname, '..', '..', 'test-results', 'dashboard');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Quiet and offline: no sandbox as root in CI, and none of Chromium's own calls home.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** An init script choosing English before the page's modules run, as the header's switch would have. */
export const inEnglish = "localStorage.setItem('caseflow.lang', 'en')";

export const laptop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };

/** A full-page screenshot kept as a test artefact. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(shotsDir, { recursive: true });
  const file = path.join(shotsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Sign in through the form, as a supervisor would, and wait for the overview. */
export async function signIn(page: Page, base: string, token: string, hash = '#/'): Promise<void> {
  await page.goto(`${base}/dashboard${hash}`);
  await page.fill('#token', token);
  await page.click('#sign-in-form button[type=submit]');
  await page.waitForSelector('#sign-in', { state: 'hidden' });
}
