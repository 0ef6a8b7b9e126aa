/**
 * The desk signs in, sees the demo queue, opens an incident and takes an action on it, in
 * Chromium against the real API on a fresh database serving the production build.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium, screenshot } from './harness';

const api = { baseUrl: inject('apiBaseUrl') };
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
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

    // #1 is the demo's freshly reported P1 (load balancer down), still with the desk.
    await page.locator('[data-test=queue-row-link]', { hasText: '负载均衡' }).click();
    await page.waitForURL(/\/incidents\/\d+$/);
    await expect
      .poll(() => page.locator('[data-test=incident-status]').textContent())
      .toBe('已报告');
    await expect
      .poll(() => page.locator('[data-test=timeline]').textContent())
      .toContain('开始计时');
    await screenshot(page, '03-incident-desk');

    await page.locator('[data-test=action-escalate_to_system]').click();
    const dialog = page.locator('.el-dialog');
    await dialog.waitFor();
    // Submitting without the impact statement is refused in the form, not sent.
    await dialog.locator('[data-test=action-submit]').click();
    await expect.poll(() => dialog.textContent()).toContain('必填');
    await dialog.locator('textarea').fill('负载均衡节点宕机，全网竞价页面超时');
    await screenshot(page, '04-escalate-form');
    await dialog.locator('[data-test=action-submit]').click();
    await expect
      .poll(() => page.locator('[data-test=incident-status]').textContent())
      .toBe('系统组处理');
    await expect
      .poll(() => page.locator('[data-test=timeline]').textContent())
      .toContain('负载均衡节点宕机，全网竞价页面超时');
    await dialog.waitFor({ state: 'hidden' });
    await screenshot(page, '05-incident-escalated');

    // The system group writes in the work log: the open incident shows it at once, by the live
    // event stream (the page's poll is every 15 s).
    const colleague = await browser.newContext();
    const signedIn = await colleague.request.post(`${api.baseUrl}/api/v1/auth/sign-in`, {
      data: { login: 'liu-xiaowei', password: 'system-ovms-2015' },
    });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const commented = await colleague.request.post(
      `${api.baseUrl}/api/v1/incidents/${id}/comments`,
      { headers: { 'x-csrf-token': csrfToken }, data: { text: '系统组已接手，正在排查负载均衡' } },
    );
    expect(commented.status()).toBe(201);
    await colleague.close();
    await expect
      .poll(() => page.locator('[data-test=timeline]').textContent(), { timeout: 5_000 })
      .toContain('系统组已接手，正在排查负载均衡');

    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('reporter', () => {
  it('reports in the plan words, sees the organisation list, and rejects a final test with a note', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);

    await signIn(page, 'demo-reporter-gd', 'reporter-ovms-2015');
    await page.waitForURL(/\/report$/);
    await expect.poll(() => page.locator('[data-test=menu]').textContent()).toContain('本单位事件');
    await expect
      .poll(() => page.locator('[data-test=menu]').textContent())
      .not.toContain('事件队列');

    await page.getByText('数据异常', { exact: true }).click();
    await page.getByText('部分用户', { exact: true }).click();
    await page.locator('input[name=title]').fill('中标公告金额与报价不一致');
    await page
      .locator('textarea[name=description]')
      .fill('广东区3个标段的中标公告金额比报价多一个0');
    await screenshot(page, '06-report-form');
    await page.locator('[data-test=report-submit]').click();
    await page.waitForURL(/\/incidents\/\d+$/);
    await expect
      .poll(() => page.locator('[data-test=incident-title]').textContent())
      .toContain('中标公告金额与报价不一致');
    // data wrong × some users → P2 (plan §5.1)
    await expect
      .poll(() => page.locator('[data-test=incident-title]').textContent())
      .toContain('P2');
    await screenshot(page, '07-reported-incident');

    await page.locator('[data-test=menu-mine]').click();
    await page.waitForURL(/\/mine$/);
    const finalTest = page.locator('[data-test=final-tests]');
    await expect.poll(() => finalTest.textContent()).toContain('保证金缴纳状态不同步');
    await expect.poll(() => page.locator('[data-test=mine-item]').count()).toBeGreaterThan(3);
    await screenshot(page, '08-mine-final-test');

    await finalTest.locator('[data-test=reject-fix]').click();
    await finalTest.locator('[data-test=reject-fix]').click();
    await expect.poll(() => finalTest.textContent()).toContain('必填');
    await finalTest
      .locator('[data-test=reject-note] textarea, textarea[data-test=reject-note]')
      .first()
      .fill('仍显示未缴纳');
    await finalTest.locator('[data-test=reject-fix]').click();
    await expect.poll(() => page.locator('[data-test=final-tests]').count()).toBe(0);
    await screenshot(page, '09-mine-after-reject');

    // Typed by hand, the administration is not a reporter's: home, with a notice, and no 403s.
    await page.goto(`${api.baseUrl}/admin`);
    await page.waitForURL(/\/report$/);
    await expect
      .poll(() => page.locator('.not-allowed-notice').textContent())
      .toContain('您所在的组无权使用「系统管理」');
    await expect.poll(() => page.locator('input[name=title]').count()).toBe(1);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('reports by keyboard alone at 1366×768', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await signIn(page, 'demo-reporter-gd', 'reporter-ovms-2015');
    await page.waitForURL(/\/report$/);

    // From the first choice of "what do you see", Tab and the arrow keys reach everything.
    await page.locator('[data-test=field-symptom] input').first().focus();
    await page.keyboard.press('Space'); // 完全无法使用
    await page.keyboard.press('Tab'); // → who is affected
    await page.keyboard.press('Space'); // 所有用户 (the first)
    await page.keyboard.press('ArrowRight'); // → 部分用户
    await page.keyboard.press('Tab'); // → subject
    await page.keyboard.type('投标文件上传后无法签章');
    await page.keyboard.press('Tab'); // → description
    await page.keyboard.type('点击签章按钮无响应，多家供应商反映');
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/incidents\/\d+$/);
    // unusable (high) × some users → P2
    await expect
      .poll(() => page.locator('[data-test=incident-title]').textContent())
      .toContain('投标文件上传后无法签章');
    expect(await page.locator('[data-test=incident-title]').textContent()).toContain('P2');
    // Nothing of the page lies beyond the 1366-pixel width.
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    await screenshot(page, '07b-reported-by-keyboard');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('leaders', () => {
  it('see the war room, a new P1 appears without a reload, and the language switches', async () => {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);

    await signIn(page, 'wang-xiaofeng', 'leaders-ovms-2015');
    await page.waitForURL(/\/war-room$/);
    await expect
      .poll(() => page.locator('[data-test=column-P1] [data-test=countdown]').count())
      .toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-test=roster]').textContent()).toContain('0755-');
    await screenshot(page, '10-war-room');

    // The desk logs a hotline call: completely unusable for all users → P1.
    const desk = await browser.newContext();
    const signedIn = await desk.request.post(`${api.baseUrl}/api/v1/auth/sign-in`, {
      data: { login: 'su-shengchun', password: 'desk-ovms-2015' },
    });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const reported = await desk.request.post(`${api.baseUrl}/api/v1/incidents`, {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        channel: 'hotline_fault',
        kind: 'system_fault',
        category: 'server_down',
        title: '竞价服务器宕机，全网无法报价',
        description: '多个地区来电：竞价页面 502',
        symptom: 'unusable',
        scope: 'all',
        reporter: { organisation: '华东区-上海', name: '来电用户' },
      },
    });
    expect(reported.status()).toBe(201);
    const { id, version } = (await reported.json()) as { id: number; version: number };
    // Escalated: now a confirmed fault that stops the bidding, awaiting the leaders' decision.
    const escalated = await desk.request.post(`${api.baseUrl}/api/v1/incidents/${id}/actions`, {
      headers: { 'x-csrf-token': csrfToken, 'if-match': `"${version}"` },
      data: {
        type: 'escalate_to_system',
        impact: 'high',
        scope: 'all',
        impactStatement: '全网无法报价，招标暂停',
      },
    });
    expect(escalated.status()).toBe(200);
    await desk.close();

    // The live event stream brings it within a second (the 10 s poll is only the fallback).
    const card = page.locator(`[data-test=column-P1] [data-test=war-card-${id}]`);
    await card.waitFor({ timeout: 5_000 });
    expect(await card.textContent()).toContain('竞价服务器宕机');
    await screenshot(page, '11-war-room-new-p1');

    // The wall asks the leaders for the plan §6 decision; one records it there.
    const strip = page.locator(`[data-test=fallback-${id}]`);
    await strip.waitFor();
    expect(await strip.textContent()).toContain('待领导小组决定');
    expect(await page.locator('[data-test=war-chart-summary]').textContent()).toContain('系统组');
    await page.locator(`[data-test=decide-offline_bidding-${id}]`).click();
    const dialog = page.locator('.el-dialog:visible');
    await dialog.locator('[data-test=fallback-submit]').click();
    // The reason is required: nothing is sent without one.
    await expect.poll(() => dialog.locator('.el-form-item__error').textContent()).toBeTruthy();
    await dialog
      .locator('[data-test=fallback-reason]')
      .locator('xpath=self::textarea|.//textarea')
      .first()
      .fill('预计两小时内无法恢复，转线下招标');
    await dialog.locator('[data-test=fallback-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => strip.locator('[data-test=fallback-decided]').textContent())
      .toContain('转线下招标');
    expect(await card.locator('[data-test=card-decision]').textContent()).toContain('转线下招标');
    await screenshot(page, '11b-war-room-fallback-decided');

    // The decision is in the audit trail, and the chain holds.
    await page.goto(`${api.baseUrl}/audit?entity=incident&entityId=${id}`);
    await expect
      .poll(() => page.locator('[data-test=audit-action]').allTextContents())
      .toContain('incident.record_fallback_decision');
    await page.locator('[data-test=audit-verify]').click();
    await expect
      .poll(() => page.locator('[data-test=audit-verdict]').textContent())
      .toContain('哈希链完整');
    await screenshot(page, '13-audit-trail');
    await page.goto(`${api.baseUrl}/war-room`);
    await page.locator('[data-test=war-room]').waitFor();

    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.locator('.top h1').textContent()).toContain('War room');
    await expect.poll(() => card.textContent()).toContain('With system group');
    expect(await card.textContent()).toContain('Switch to offline bidding');
    await screenshot(page, '12-war-room-english');

    expect(errors).toEqual([]);
    await context.close();
  });
});
