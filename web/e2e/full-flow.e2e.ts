/**
 * DOMAIN.md §2 through the UI, role after role, on one incident: the reporter reports, the desk
 * escalates, the system group hands it to the vendor, the vendor works it and needs an SQL
 * script (a change task the system group approves and devops executes), delivers; the reporter
 * rejects the first final test, the vendor delivers again, the reporter confirms, the desk
 * verifies and closes with a resolution code.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium, screenshot } from './harness';

const api = { baseUrl: inject('apiBaseUrl') };
let browser: Browser;
const contexts: BrowserContext[] = [];
const consoleErrors: string[][] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  for (const [index, browserContext] of contexts.entries()) {
    for (const page of browserContext.pages()) await screenshot(page, `failed-${index}`);
  }
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
});

async function signedIn(login: string, password: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
  });
  contexts.push(context);
  const page = await context.newPage();
  consoleErrors.push(collectConsoleErrors(page));
  await page.goto(`${api.baseUrl}/sign-in`);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.locator('[data-test=sign-in]').click();
  try {
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 15_000 });
  } catch (error) {
    await screenshot(page, `failed-sign-in-${login}`);
    throw error;
  }
  // Each person's home workspace (the queue on what the group holds, the report form...).
  await page.locator('.page-title').first().waitFor();
  await page.waitForTimeout(500);
  await screenshot(page, `workspace-${login}`);
  return page;
}

type Fill = Record<string, string>;

/**
 * Shows the incident's current state: a full load the first time, then the page's refresh
 * button (a person's page loads count against the API's per-person rate limit).
 */
async function openIncident(page: Page, id: number): Promise<void> {
  if (new URL(page.url()).pathname === `/incidents/${id}`) {
    const loaded = page.waitForResponse((response) =>
      response.url().endsWith(`/api/v1/incidents/${id}`),
    );
    await page.locator('[data-test=incident-refresh]').click();
    await loaded;
  } else {
    await page.goto(`${api.baseUrl}/incidents/${id}`);
  }
  await page.locator('[data-test=incident-status]').waitFor();
}

/** Opens the incident, takes the action through its button and small form, waits for the result. */
async function act(
  page: Page,
  id: number,
  type: string,
  fill: Fill = {},
  select: Fill = {},
  task?: number,
) {
  await openIncident(page, id);
  const before = await page.locator('[data-test=timeline] .el-timeline-item').count();
  const button = page.locator(`[data-test=action-${type}]`, task ? { hasText: `#${task}` } : {});
  await button.first().click();
  const needsForm = Object.keys(fill).length + Object.keys(select).length > 0;
  if (needsForm) {
    const dialog = page.locator('.el-dialog');
    await dialog.waitFor();
    for (const [field, option] of Object.entries(select)) {
      await dialog.locator(`[data-test=field-${field}]`).click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
    }
    for (const [field, value] of Object.entries(fill)) {
      await dialog
        .locator(`[data-test=field-${field}]`)
        .locator('xpath=self::textarea|self::input|.//textarea|.//input')
        .first()
        .fill(value);
    }
    await dialog.locator('[data-test=action-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
  }
  await expect
    .poll(() => page.locator('[data-test=timeline] .el-timeline-item').count())
    .toBeGreaterThan(before);
  expect(await page.locator('[data-test=action-error]').count()).toBe(0);
}

async function status(page: Page): Promise<string> {
  return (await page.locator('[data-test=incident-status]').textContent())?.trim() ?? '';
}

/** The vendor's steps from wherever the incident came back to, up to the delivery. */
async function vendorDelivers(vendor: Page, id: number, note: string): Promise<void> {
  const steps: Record<string, Fill> = {
    record_reproduction: { note: '测试环境复现' },
    record_root_cause: { rootCause: '金额字段单位换算错误' },
    record_fix: { note: '修正换算' },
    record_verification: { note: '自测通过' },
    deliver_for_final_test: { note },
  };
  for (let round = 0; round < 6; round += 1) {
    await openIncident(vendor, id);
    const available = await vendor
      .locator('[data-test=actions] button[data-test^=action-]')
      .evaluateAll((buttons) =>
        buttons.map((button) => button.getAttribute('data-test')?.replace('action-', '') ?? ''),
      );
    const next = Object.keys(steps).find((step) => available.includes(step));
    if (!next)
      throw new Error(`the vendor has none of the steps; available: ${available.join(', ')}`);
    await act(vendor, id, next, steps[next]);
    if (next === 'deliver_for_final_test') return;
  }
  throw new Error('the vendor never delivered');
}

describe('the plan flow, role after role', () => {
  it(
    'runs from report to close with one rejected final test and an SQL change task',
    { timeout: 180_000 },
    async () => {
      const reporter = await signedIn('demo-reporter-gd', 'reporter-ovms-2015');
      await reporter.getByText('数据异常', { exact: true }).click();
      await reporter.getByText('全部用户', { exact: true }).click();
      await reporter.locator('input[name=title]').fill('评标汇总金额全部放大十倍');
      await reporter.locator('textarea[name=description]').fill('全部标段评标汇总表金额放大十倍');
      await reporter.locator('[data-test=report-submit]').click();
      await reporter.waitForURL(/\/incidents\/\d+$/);
      const id = Number(new URL(reporter.url()).pathname.split('/').pop());
      // data wrong × all users → P1
      await expect
        .poll(() => reporter.locator('[data-test=incident-title]').textContent())
        .toContain('P1');

      const desk = await signedIn('su-shengchun', 'desk-ovms-2015');
      await act(desk, id, 'escalate_to_system', {
        impactStatement: '全部标段评标金额错误，影响定标',
      });
      expect(await status(desk)).toBe('系统组处理');

      const system = await signedIn('liu-xiaowei', 'system-ovms-2015');
      // Re-assessment: the new priority and due time are previewed before saving.
      await openIncident(system, id);
      await system.locator('[data-test=action-reassess]').click();
      const dialog = system.locator('.el-dialog');
      await dialog.waitFor();
      const preview = dialog.locator('[data-test=assessment-preview]');
      await expect
        .poll(() => preview.locator('[data-test=preview-priority]').textContent())
        .toContain('P1');
      await dialog.locator('[data-test=field-scope]').click();
      await system
        .locator('.el-select-dropdown__item:visible', { hasText: '部分用户' })
        .first()
        .click();
      await expect
        .poll(() => preview.locator('[data-test=preview-priority]').textContent())
        .toContain('P1 → P2');
      await expect
        .poll(() => preview.locator('[data-test=preview-due]').textContent())
        .toMatch(/\d{4}\/\d{2}\/\d{2}/);
      await screenshot(system, '19-flow-reassessment-preview');
      await dialog
        .locator('[data-test=field-reason]')
        .locator('xpath=self::textarea|.//textarea')
        .first()
        .fill('核实后仅部分标段受影响');
      await dialog.locator('[data-test=action-submit]').click();
      await dialog.waitFor({ state: 'hidden' });
      await expect
        .poll(() => system.locator('[data-test=incident-title]').textContent())
        .toContain('P2');
      await system
        .locator('[data-test=comment-text] textarea, textarea[data-test=comment-text]')
        .first()
        .fill('已联系汇通，稍后转交');
      await system.locator('[data-test=comment-submit]').click();
      await expect
        .poll(() => system.locator('[data-test=timeline]').textContent())
        .toContain('已联系汇通，稍后转交');
      await act(system, id, 'hand_to_vendor', { note: '非现场问题，转汇通登记' });
      expect(await status(system)).toBe('待供应商登记');

      const vendor = await signedIn('liu-wei', 'vendor-ovms-2015');
      await act(vendor, id, 'register', { vendorReference: 'HT-2015-001' });
      await act(vendor, id, 'record_reproduction', { note: '测试环境复现' });
      await act(vendor, id, 'record_root_cause', { rootCause: '金额字段单位换算错误' });
      await act(
        vendor,
        id,
        'request_change',
        { script: 'update bid_summary set amount = amount / 10;' },
        { kind: 'SQL 脚本' },
      );
      await screenshot(vendor, '20-flow-vendor-change-requested');

      await act(system, id, 'approve_change', { note: '同意执行' }, {}, 1);
      // Devops lands on its list of approved change tasks and executes from there.
      const devops = await signedIn('zhang-jianjun', 'devops-ovms-2015');
      expect(new URL(devops.url()).pathname).toBe('/changes');
      await devops.locator('[data-test=changes-table] .el-table__expand-icon').first().click();
      await expect
        .poll(() => devops.locator('[data-test=change-script]').first().textContent())
        .toContain('update bid_summary set amount = amount / 10;');
      await screenshot(devops, '21-flow-devops-change-tasks');
      await devops.locator(`[data-test=step-execute_change-${id}-1]`).click();
      const execute = devops.locator('.el-dialog');
      await execute.waitFor();
      await execute.locator('[data-test=field-result]').click();
      await devops
        .locator('.el-select-dropdown__item:visible', { hasText: '成功' })
        .first()
        .click();
      await execute
        .locator('[data-test=field-output]')
        .locator('xpath=self::textarea|.//textarea')
        .first()
        .fill('3 rows updated');
      await execute.locator('[data-test=action-submit]').click();
      await execute.waitFor({ state: 'hidden' });
      // Executed, it no longer waits for devops: it leaves the list.
      await expect
        .poll(() => devops.locator(`[data-test=step-execute_change-${id}-1]`).count())
        .toBe(0);
      await openIncident(devops, id);
      await expect
        .poll(() => devops.locator('[data-test=change-output]').textContent())
        .toContain('3 rows updated');
      await screenshot(devops, '21b-flow-devops-executed');

      await act(vendor, id, 'verify_change', { note: '数据已核对' }, {}, 1);
      await vendorDelivers(vendor, id, '已修复，请验证');
      expect(await status(vendor)).toBe('待用户验证');

      await act(reporter, id, 'reject_fix', { note: '部分标段仍然放大' });
      await screenshot(reporter, '22-flow-reporter-rejected');
      await vendorDelivers(vendor, id, '再次修复，请验证');

      await act(reporter, id, 'confirm_fix', { note: '验证通过' });
      expect(await status(reporter)).toBe('已解决');

      await act(desk, id, 'verify_and_close', {}, { resolution: '已修复' });
      expect(await status(desk)).toBe('已关闭');
      await expect
        .poll(() => desk.locator('[data-test=incident-title]').textContent())
        .toContain(`#${id}`);
      expect(await desk.locator('[data-test=sla-card]').textContent()).toContain('已停止');
      await screenshot(desk, '23-flow-desk-closed');

      expect(consoleErrors.flat()).toEqual([]);
    },
  );
});
