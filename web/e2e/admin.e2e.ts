/**
 * The admin workspace through the UI (issue #6): a new calendar gets China's official holidays
 * for 2026 by import and the year view shows National Day and the 调休 working weekend days (by
 * mouse and keyboard), a date with its own hours and new weekly hours; 2027 (no official data yet)
 * is flagged; a campaign is created, and a used one's delete is refused with the API's reason; a
 * new tables version is published (and the plan's restored); an API token's secret is shown once;
 * a WeCom robot is refused a bad URL at the field, subscribed to and deleted; a person is added as
 * a desk lead with a first password they sign in with (a too short one refused at its field),
 * given a new one by reset, and deactivated; a webhook's test notice
 * reaches a loopback receiver and its 500 shows as a failure; a hotline is refused a bad
 * number at the field, added (every header shows it), edited and deleted; every section is screenshotted
 * at 1366×768 in Chinese and in English.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium, screenshot } from './harness';

const api = { baseUrl: inject('apiBaseUrl') };
let browser: Browser;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[] = [];
/** Ids unique per run, so the file can also run against a database it ran on before. */
const run = Date.now().toString(36);
/** A hotline number unique per run, as digits. */
const nightNumber = `0755-${String(Date.now()).slice(-8)}`;

/** An Element Plus input by its data-test (on the input itself or on its wrapper). */
function field(scope: Page | Locator, name: string): Locator {
  return scope.locator(`input[data-test=${name}], [data-test=${name}] input`).first();
}

async function pick(scope: Page | Locator, name: string, option: string): Promise<void> {
  await scope.locator(`[data-test=${name}]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

async function section(name: string): Promise<Locator> {
  await page.locator(`[data-test=admin-sections] #tab-${name}`).click();
  await page.waitForURL((url) => url.pathname === `/admin/${name}`);
  const root = page.locator(`[data-test=admin-${name}]`);
  await root.waitFor();
  await page.waitForLoadState('networkidle');
  return root;
}

function day(date: string): Locator {
  return page.locator(`[data-test=calendar-grid] button[data-date="${date}"]`);
}

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.baseUrl });
  page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
  await page.goto(`${api.baseUrl}/sign-in`);
  await page.locator('input[name=login]').fill('demo-admin');
  await page.locator('input[name=password]').fill('admin-ovms-2015');
  await page.locator('[data-test=sign-in]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 15_000 });
  await page.locator('[data-test=menu-admin]').click();
  await page.locator('[data-test=admin-calendars]').waitFor();
});

afterEach(async (test) => {
  if (test.task.result?.state === 'fail') await screenshot(page, `failed-admin-${test.task.name}`);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the admin workspace', () => {
  it('imports official holidays into a new calendar and shows them in the year view', async () => {
    const root = page.locator('[data-test=admin-calendars]');
    // A new calendar: weekly hours only, no official dates yet.
    await root.locator('[data-test=calendar-create]').click();
    const form = page.locator('[data-test=calendar-form]');
    await field(form, 'calendar-name').fill('E2E 服务日历');
    await field(form, 'calendar-id').fill(`e2e-calendar-${run}`);
    await form.locator('[data-test=calendar-save]').click();
    await form.waitFor({ state: 'hidden' });
    await expect
      .poll(() => root.locator('[data-test=calendar-select]').textContent())
      .toContain(`e2e-calendar-${run}`);

    await pick(root, 'calendar-year', '2026');
    await root.locator('[data-test=calendar-year-not-imported]').waitFor();
    expect(await day('2026-10-01').getAttribute('data-kind')).toBe('working');
    await screenshot(page, 'admin-calendars-before-import');

    await root.locator('[data-test=calendar-import]').click();
    const dialog = page.locator('[data-test=calendar-import-dialog]');
    await dialog.locator('[data-test=import-run]').click();
    await dialog.waitFor({ state: 'hidden' });
    await root.locator('[data-test=calendar-year-covered]').waitFor();

    // National Day 2026 is a holiday; Sunday 20 September and Saturday 10 October are 调休 working days.
    await expect.poll(() => day('2026-10-01').getAttribute('data-kind')).toBe('holiday');
    expect(await day('2026-10-07').getAttribute('data-kind')).toBe('holiday');
    expect(await day('2026-09-20').getAttribute('data-kind')).toBe('workday');
    expect(await day('2026-10-10').getAttribute('data-kind')).toBe('workday');
    expect(await day('2026-10-17').getAttribute('data-kind')).toBe('weekend');
    expect(await day('2026-10-01').getAttribute('aria-label')).toContain('国庆');
    await screenshot(page, 'admin-calendars');

    // By keyboard: arrows move through the year, Enter opens the date.
    await day('2026-09-30').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-date'))).toBe(
      '2026-10-01',
    );
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-date'))).toBe(
      '2026-10-08',
    );
    // One tooltip says what the focused day is, and follows the pointer to a hovered one.
    const tip = page.locator('[data-test=calendar-day-tip]');
    await expect.poll(() => tip.textContent()).toContain('2026-10-08 星期四工作日');
    await day('2026-10-01').hover();
    await expect.poll(() => tip.textContent()).toContain('法定节假日：国庆节');
    expect(await tip.textContent()).toContain('全天不上班');
    await day('2026-10-10').hover();
    await expect.poll(() => tip.textContent()).toContain('调休上班日：国庆节');
    expect(await tip.textContent()).toContain('工作时段 09:00-12:00, 13:00-18:00（共 8 小时）');
    expect(await tip.count()).toBe(1);
    await screenshot(page, 'admin-calendars-day-tip');

    // A date set by hand: 31 December with its own hours.
    await day('2026-12-31').click();
    const date = page.locator('[data-test=date-form]');
    await date.getByText('自定义时段', { exact: true }).click();
    await field(date, 'date-hours').fill('09:00-12:00');
    await date.locator('[data-test=date-save]').click();
    await date.waitFor({ state: 'hidden' });
    await expect.poll(() => day('2026-12-31').getAttribute('data-kind')).toBe('hours');

    // Weekly hours: Saturdays work in the morning from now on.
    expect(await day('2026-10-17').getAttribute('data-kind')).toBe('weekend');
    await root.locator('[data-test=calendar-edit]').click();
    const weekly = page.locator('[data-test=calendar-form]');
    expect(await field(weekly, 'weekly-mon').inputValue()).toBe('09:00-12:00, 13:00-18:00');
    await field(weekly, 'weekly-sat').fill('9:00-12:00');
    await weekly.locator('[data-test=calendar-save]').click();
    await weekly.waitFor({ state: 'hidden' });
    await expect.poll(() => day('2026-10-17').getAttribute('data-kind')).toBe('working');
    // …but not the National Day Saturday, a holiday still.
    expect(await day('2026-10-03').getAttribute('data-kind')).toBe('holiday');
  });

  it('warns about a year without official data', async () => {
    const root = page.locator('[data-test=admin-calendars]');
    await pick(root, 'calendar-year', '2027');
    const warning = root.locator('[data-test=calendar-year-warning]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('2027');
    await screenshot(page, 'admin-calendars-2027');
  });

  it('creates a campaign', async () => {
    const root = await section('campaigns');
    await root.locator('[data-test=campaign-table]').getByText('bidding-2015-phase2').waitFor();
    await root.locator('[data-test=campaign-create]').click();
    const form = page.locator('[data-test=campaign-form]');
    await field(form, 'campaign-name').fill(`2027全网一期线上招标 ${run}`);
    await field(form, 'campaign-id').fill(`bidding-2027-${run}`);
    const range = form.locator('[data-test=campaign-window] input, input.el-range-input');
    await range.nth(0).fill('2027-03-01 00:00:00');
    await range.nth(0).press('Enter');
    await range.nth(1).fill('2027-03-31 00:00:00');
    await range.nth(1).press('Enter');
    await form.locator('.el-dialog__title').click();
    // OVMS is offered first and chosen by default.
    expect(await form.locator('[data-test=campaign-systems]').textContent()).toContain('OVMS');
    await form.locator('[data-test=campaign-save]').click();
    await form.waitFor({ state: 'hidden' });
    const table = root.locator('[data-test=campaign-table]');
    await table.getByText(`2027全网一期线上招标 ${run}`).waitFor();
    const created = table.locator('.el-table__row', { hasText: `bidding-2027-${run}` });
    // The window as typed, in Beijing time whatever the browser's zone.
    expect(await created.textContent()).toContain('2027/03/01 00:00:00');
    expect(await created.textContent()).toContain('2027/03/31 00:00:00');
    await screenshot(page, 'admin-campaigns');
  });

  it('creates an API token and shows its secret once', async () => {
    const root = await section('tokens');
    await root.locator('[data-test=token-create]').click();
    const form = page.locator('[data-test=token-form]');
    await field(form, 'token-name').fill(`e2e-ovms-${run}`);
    await form.getByText('incidents:report').click();
    await form.locator('[data-test=token-save]').click();
    const secretDialog = page.locator('[data-test=token-secret-dialog]');
    await secretDialog.waitFor();
    const secret = await field(secretDialog, 'token-secret').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    expect(await secretDialog.textContent()).toContain('只显示这一次');
    await secretDialog.locator('[data-test=token-copy]').click();
    await screenshot(page, 'admin-tokens-secret');
    await secretDialog.locator('[data-test=token-secret-done]').click();
    await secretDialog.waitFor({ state: 'hidden' });
    const table = root.locator('[data-test=token-table]');
    await table.getByText(`e2e-ovms-${run}`).waitFor();
    // Shown once: the secret is nowhere on the page afterwards.
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, 'admin-tokens');
  });

  it('refuses to delete a campaign incidents were reported under, with the API’s reason', async () => {
    const root = page.locator('[data-test=admin-campaigns]');
    await section('campaigns');
    await root.locator('[data-test=campaign-delete-bidding-2015-phase2]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    const problem = root.locator('[data-test=campaign-delete-problem]');
    await problem.waitFor();
    // The refusal in the operator's language first, then the API's own sentence.
    const text = (await problem.textContent()) ?? '';
    expect(text).toContain('已有事件在该招标活动下报告，不能删除（');
    expect(text).toMatch(/incident/i);
    expect(await root.locator('[data-test=campaign-table]').textContent()).toContain(
      'bidding-2015-phase2',
    );
  });

  it('publishes a new version of the tables, then the plan’s again', async () => {
    const root = await section('tables');
    /** Edits grade B's P4 target in a new version and publishes it; answers the target before. */
    async function publishB4(text: string, note: string): Promise<string> {
      await root.locator('[data-test=policy-draft]').click();
      const target = root.locator('[data-test=targets] input[aria-label="B 级 P4"]');
      const before = await target.inputValue();
      await target.fill(text);
      await field(root, 'policy-note').fill(note);
      await root.locator('[data-test=policy-publish]').click();
      await page.locator('.el-message-box__btns .el-button--primary').click();
      await root.locator('[data-test=policy-draft]').waitFor();
      return before;
    }
    expect(await publishB4('6h', `e2e ${run}: B/P4 6 h`)).toBe('1d');
    expect(await root.locator('[data-test=targets]').textContent()).toContain('6 小时');
    expect(await root.locator('[data-test=policy-meta]').textContent()).toContain('现行');
    // Back to the plan's 1 working day, so the other browser tests run on the plan's tables.
    expect(await publishB4('1d', `e2e ${run}: back to the plan`)).toBe('6h');
    expect(await root.locator('[data-test=targets]').textContent()).toContain('1 个工作日');
  });

  it('adds a group robot and subscribes the desk’s leads to it', async () => {
    const root = await section('webhooks');
    await root.locator('[data-test=webhook-create]').click();
    const hook = page.locator('[data-test=webhook-form]');
    await field(hook, 'webhook-name').fill(`desk-robot-${run}`);
    await hook.locator('[data-test=webhook-kind]').getByText('企业微信').click();
    // Inactive: the test database must not post to the real WeCom.
    await hook.locator('[data-test=webhook-active]').click();
    await field(hook, 'webhook-url').fill('not a url');
    await hook.locator('[data-test=webhook-save]').click();
    // The API's field error shows at the URL.
    await hook.locator('.el-form-item.is-error').first().waitFor();
    await field(hook, 'webhook-url').fill(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=e2e-key',
    );
    await hook.locator('[data-test=webhook-save]').click();
    await hook.waitFor({ state: 'hidden' });
    await root
      .locator('[data-test=webhook-table] .el-table__row', { hasText: `desk-robot-${run}` })
      .waitFor();

    await root.locator('[data-test=subscription-create]').click();
    const sub = page.locator('[data-test=subscription-form]');
    await sub.getByText('小组组长', { exact: true }).click();
    await pick(sub, 'subscription-group', '服务台');
    await sub.getByText('Webhook', { exact: true }).click();
    await pick(sub, 'subscription-webhook', `desk-robot-${run}`);
    await sub.locator('[data-test=subscription-save]').click();
    await sub.waitFor({ state: 'hidden' });
    await root
      .locator('[data-test=subscription-table] .el-table__row', { hasText: `desk-robot-${run}` })
      .waitFor();

    // Deleting the robot removes its subscriptions too.
    await root
      .locator('[data-test=webhook-table] .el-table__row', { hasText: `desk-robot-${run}` })
      .getByText('删除')
      .click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    // (The closed dialogs stay in the section, so look at the tables.)
    for (const table of ['webhook-table', 'subscription-table']) {
      await expect
        .poll(() => root.locator(`[data-test=${table}]`).textContent())
        .not.toContain(`desk-robot-${run}`);
    }
  });

  it('adds a hotline that every header shows, edits it, and deletes it after a confirm', async () => {
    const root = await section('hotlines');
    const header = page.locator('header [data-test=hotlines]');
    await root.locator('[data-test=hotline-create]').click();
    const form = page.locator('[data-test=hotline-form]');
    await field(form, 'hotline-number').fill('请拨总机');
    await field(form, 'hotline-label-zh').fill(`夜间值班 ${run}`);
    await field(form, 'hotline-label-en').fill(`Night desk ${run}`);
    await field(form, 'hotline-id').fill(`e2e-night-${run}`);
    await form.locator('[data-test=hotline-save]').click();
    // The API refuses the number: its error shows at the number, nowhere else.
    const refused = form.locator('.el-form-item.is-error');
    await expect.poll(() => refused.count()).toBe(1);
    await expect.poll(() => refused.textContent()).toContain('a phone number');
    expect(await refused.locator('input').getAttribute('data-test')).toBe('hotline-number');
    await field(form, 'hotline-number').fill(nightNumber);
    await form.locator('[data-test=hotline-save]').click();
    await form.waitFor({ state: 'hidden' });
    const row = root.locator('[data-test=hotline-table] .el-table__row', {
      hasText: `e2e-night-${run}`,
    });
    await row.waitFor();
    // The header shows the new number next to the plan's two, without a reload.
    await expect.poll(() => header.textContent()).toContain(`夜间值班 ${run}`);
    expect(await header.textContent()).toContain(nightNumber);
    expect(await header.textContent()).toContain('0755-33990377');
    await screenshot(page, 'admin-hotlines');

    await root.locator(`[data-test=hotline-edit-e2e-night-${run}]`).click();
    await field(form, 'hotline-number').fill(`${nightNumber}-1`);
    await form.locator('[data-test=hotline-save]').click();
    await form.waitFor({ state: 'hidden' });
    await expect.poll(() => header.textContent()).toContain(`${nightNumber}-1`);

    await root.locator(`[data-test=hotline-delete-e2e-night-${run}]`).click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await expect.poll(() => header.textContent()).not.toContain(`夜间值班 ${run}`);
    expect(await root.locator('[data-test=hotline-table]').textContent()).not.toContain(
      `e2e-night-${run}`,
    );
  });

  it('sends a test notice to a webhook and shows how the receiver answered, then its failure', async () => {
    // A receiver on loopback, as an integrator's endpoint would be: it records what it gets.
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    let answer = 200;
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    try {
      const root = await section('webhooks');
      await root.locator('[data-test=webhook-create]').click();
      const hook = page.locator('[data-test=webhook-form]');
      await field(hook, 'webhook-name').fill(`receiver-${run}`);
      await hook.locator('[data-test=webhook-kind]').getByText('通用 Webhook').click();
      await field(hook, 'webhook-url').fill(`http://127.0.0.1:${port}/ovms-notices`);
      await field(hook, 'webhook-secret').fill(`secret-${run}`);
      await hook.locator('[data-test=webhook-save]').click();
      await hook.waitFor({ state: 'hidden' });
      const row = root.locator('[data-test=webhook-table] .el-table__row', {
        hasText: `receiver-${run}`,
      });
      await row.getByText('发送测试').click();
      const result = row.locator('[data-test^=webhook-test-result-]');
      await expect.poll(() => result.textContent()).toContain('HTTP 200');
      expect(await result.textContent()).toContain('已送达');
      expect(received).toHaveLength(1);
      // Signed with the secret typed in the form, as the receiver's own check recomputes it.
      const [{ headers, body }] = received as [(typeof received)[number]];
      const mac = createHmac('sha256', `secret-${run}`)
        .update(`${String(headers['x-ovms-timestamp'])}.${body}`)
        .digest('hex');
      expect(headers['x-ovms-signature']).toBe(`sha256=${mac}`);
      // A test delivery says so in its id, so receivers can tell it from a real notice.
      expect(headers['x-ovms-delivery']).toMatch(/^test-[0-9a-f-]{36}$/);

      answer = 500;
      await row.getByText('发送测试').click();
      await expect.poll(() => result.textContent()).toContain('未送达');
      expect(await result.textContent()).toContain('500');
      expect(received).toHaveLength(2);
      await screenshot(page, 'admin-webhook-test-failed');

      await row.getByText('删除').click();
      await page.locator('.el-message-box__btns .el-button--primary').click();
      await row.waitFor({ state: 'detached' });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('adds a person to the roster with a first password, makes them a desk lead, resets it', async () => {
    /** Signs in from a browser of their own; they land in the desk's queue. */
    async function signsIn(login: string, password: string): Promise<void> {
      const theirs = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      try {
        const their = await theirs.newPage();
        await their.goto(`${api.baseUrl}/sign-in`);
        await their.locator('input[name=login]').fill(login);
        await their.locator('input[name=password]').fill(password);
        await their.locator('[data-test=sign-in]').click();
        await their.waitForURL((url) => url.pathname === '/queue', { timeout: 15_000 });
      } finally {
        await theirs.close();
      }
    }

    const root = await section('people');
    await root.locator('[data-test=person-create]').click();
    const form = page.locator('[data-test=person-form]');
    await field(form, 'person-name').fill('测试员');
    await field(form, 'person-id').fill(`e2e-${run}`);
    await field(form, 'person-phone').fill('0755-12345678');
    await form.locator('[data-test=person-group-desk]').click();
    await form.locator('[data-test=person-lead-desk]').click();
    // Too short a first password: refused at its field, in the operator's words, nothing added.
    await field(form, 'person-password').fill('short');
    await form.locator('[data-test=person-save]').click();
    await expect
      .poll(() => form.locator('.el-form-item.is-error').first().textContent())
      .toContain('至少 10');
    await field(form, 'person-password').fill('e2e-first-password-2026');
    await form.locator('[data-test=person-save]').click();
    await form.waitFor({ state: 'hidden' });
    await field(root, 'people-filter').fill(`e2e-${run}`);
    const row = root.locator('[data-test=people-table] .el-table__row', { hasText: `e2e-${run}` });
    await row.waitFor();
    expect(await row.textContent()).toContain('组长');
    await signsIn(`e2e-${run}`, 'e2e-first-password-2026');

    // An admin resets it; the new one signs in.
    await root.locator(`[data-test=person-password-e2e-${run}]`).click();
    const password = page.locator('[data-test=password-form]');
    await field(password, 'password-new').fill('e2e-desk-password-2026');
    await field(password, 'password-again').fill('e2e-desk-password-2026');
    await password.locator('[data-test=password-save]').click();
    await password.waitFor({ state: 'hidden' });
    await signsIn(`e2e-${run}`, 'e2e-desk-password-2026');

    // Deactivated, they keep their row, marked inactive.
    await root.locator(`[data-test=person-active-e2e-${run}]`).click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await expect.poll(() => row.textContent()).toContain('已停用');
  });

  it('deletes a calendar made by mistake, but not one in use, saying what uses it', async () => {
    const root = await section('calendars');
    await root.locator('[data-test=calendar-create]').click();
    const form = page.locator('[data-test=calendar-form]');
    await field(form, 'calendar-name').fill('误建日历');
    await field(form, 'calendar-id').fill(`e2e-spare-${run}`);
    await form.locator('[data-test=calendar-save]').click();
    await form.waitFor({ state: 'hidden' });
    const select = root.locator('[data-test=calendar-select]');
    await expect.poll(() => select.textContent()).toContain(`e2e-spare-${run}`);

    await root.locator('[data-test=calendar-delete]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await expect.poll(() => select.textContent()).not.toContain(`e2e-spare-${run}`);
    // The first calendar opened instead: the demo campaign's service window, in use.
    const opened = (await select.textContent()) ?? '';
    await root.locator('[data-test=calendar-delete]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    const refusal = root.locator('[data-test=calendar-problem]');
    await expect.poll(() => refusal.textContent()).toContain('仍有系统、招标活动或事件使用该日历');
    expect(await select.textContent()).toBe(opened);
  });

  it('shows every other section', async () => {
    for (const name of ['systems', 'people', 'tables', 'webhooks']) {
      const root = await section(name);
      expect(await root.isVisible()).toBe(true);
      await screenshot(page, `admin-${name}`);
      if (name === 'people') {
        await root.locator('[data-test=people-view]').getByText('小组', { exact: true }).click();
        await root.locator('[data-test=groups-table]').waitFor();
        await screenshot(page, 'admin-people-groups');
      }
    }
    // The same tour in English.
    await page.locator('[data-test=locale-switch]').getByText('English').click();
    for (const name of [
      'calendars',
      'campaigns',
      'systems',
      'hotlines',
      'people',
      'tables',
      'tokens',
      'webhooks',
    ]) {
      await section(name);
      await screenshot(page, `admin-${name}-en`);
    }
    expect(await page.locator('[data-test=admin-sections]').textContent()).toContain('API tokens');
    // Chromium logs the refusals this file provokes on purpose (the bad URL, the used campaign,
    // the bad hotline number, the too short first password, the calendar in use).
    const expected = /status of (400|409) /;
    expect(consoleErrors.filter((error) => !expected.test(error))).toEqual([]);
    expect(consoleErrors.filter((error) => expected.test(error))).toHaveLength(5);
  });
});
