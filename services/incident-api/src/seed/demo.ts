/**
 * Demo data for a newcomer: on a database without people only (it never touches existing
 * data), the 2015 team, the campaign and a dozen incidents in different states, played through the same
 * lifecycle code as the API so that every timeline, clock and change task is genuine.
 */
import { count } from 'drizzle-orm';
import type { GroupId, WorkflowAction } from '@ovms/policy';
import type { Db, Tx } from '../db/client.js';
import { people } from '../db/schema.js';
import {
  actOnIncident,
  reportIncident,
  type ActingContext,
} from '../domain/incidents/lifecycle.js';
import type { ReportInput } from '../domain/incidents/types.js';
import { CalendarCache } from '../domain/reference/calendars.js';
import { PEOPLE_2015 } from './roster-2015.js';
import { ensurePlanDefaults, seedDemoRoster } from './reference.js';

type Step = [
  minutesAgo: number,
  personId: string,
  action: Exclude<WorkflowAction, { type: 'report' }>,
];

interface Scenario {
  minutesAgo: number;
  by: string;
  report: Omit<ReportInput, 'reportedAt' | 'systemId' | 'category'> &
    Partial<Pick<ReportInput, 'category'>>;
  steps?: Step[];
}

const GD = { organisation: '华南区-广东', name: '广东区域用户', phone: '020-00000001' };
const SH = { organisation: '华东区-上海', name: '上海区域用户', phone: '021-00000001' };

const escalate = (
  impactStatement: string,
  impact: 'high' | 'medium' | 'low',
  scope: 'all' | 'some' | 'one',
) => ({ type: 'escalate_to_system', impact, scope, impactStatement }) as const;

const vendorWorks = (from: number): Step[] => [
  [from, 'li-xinxin', { type: 'register', vendorReference: `HT-${from}` }],
  [from - 5, 'liu-wei', { type: 'record_reproduction', note: '测试环境已重现' }],
];

const SCENARIOS: Scenario[] = [
  {
    minutesAgo: 8,
    by: 'zhang-jianjun',
    report: {
      channel: 'devops_monitoring',
      kind: 'system_fault',
      category: 'load_balancer_down',
      title: '负载均衡节点宕机，竞价页面全网超时',
      description: '监控告警：F5 节点 2 无响应，竞价页面平均响应超过 30 秒。',
      symptom: 'unusable',
      scope: 'all',
      reporter: { organisation: '顺丰-研发运维组', name: '张健俊' },
    },
  },
  {
    minutesAgo: 95,
    by: 'su-shengchun',
    report: {
      channel: 'hotline_operation',
      kind: 'operation_question',
      category: 'other',
      title: '如何撤回已提交的报价',
      description: '供应商来电询问报价提交后能否撤回修改。',
      symptom: 'other',
      scope: 'one',
      reporter: GD,
    },
    steps: [
      [
        90,
        'su-shengchun',
        {
          type: 'guide_and_close',
          guidance: '电话指导：截止时间前可在“我的报价”中撤回后重新提交。',
        },
      ],
    ],
  },
  {
    minutesAgo: 40,
    by: 'zhou-feiying',
    report: {
      channel: 'hotline_fault',
      kind: 'system_fault',
      category: 'system_defect',
      title: '评标汇总表导出数据缺失',
      description: '华东区导出评标汇总表时缺少最后一页的供应商。',
      symptom: 'data_wrong',
      scope: 'some',
      reporter: SH,
    },
    steps: [
      [
        35,
        'zhou-feiying',
        escalate('华东区部分评标汇总表数据缺失，影响评标结论。', 'high', 'some'),
      ],
    ],
  },
  {
    minutesAgo: 70,
    by: 'su-shengchun',
    report: {
      channel: 'hotline_fault',
      kind: 'system_fault',
      category: 'application_hang',
      title: '竞价大厅刷新后卡死',
      description: '多个地区反映竞价大厅刷新后页面卡死，需重新登录。',
      symptom: 'partly_unusable',
      scope: 'some',
      reporter: GD,
    },
    steps: [
      [
        65,
        'su-shengchun',
        escalate('部分地区竞价大厅卡死，需重新登录才能继续。', 'medium', 'some'),
      ],
      [
        60,
        'liu-xiaowei',
        { type: 'start_onsite_handling', note: '影响竞价进行，现场处理，联系运维重启应用节点。' },
      ],
    ],
  },
  {
    minutesAgo: 150,
    by: 'demo-reporter-gd',
    report: {
      channel: 'web',
      kind: 'system_fault',
      category: 'system_defect',
      title: '供应商资质附件预览乱码',
      description: 'PDF 附件在线预览显示乱码，下载后正常。',
      symptom: 'partly_unusable',
      scope: 'one',
      reporter: GD,
    },
    steps: [
      [140, 'su-shengchun', escalate('单个供应商附件预览异常，下载可用。', 'medium', 'one')],
      [130, 'cao-xianjin', { type: 'hand_to_vendor', note: '非紧急，交汇通登记。' }],
      [120, 'li-xinxin', { type: 'register', vendorReference: 'HT-2026-101' }],
    ],
  },
  {
    minutesAgo: 200,
    by: 'su-shengchun',
    report: {
      channel: 'hotline_fault',
      kind: 'system_fault',
      category: 'storage_transfer',
      title: '报价金额保存后显示为0',
      description: '部分供应商提交报价后金额显示为 0，需修正历史数据。',
      symptom: 'data_wrong',
      scope: 'some',
      reporter: SH,
    },
    steps: [
      [195, 'su-shengchun', escalate('部分报价金额显示为0，影响评标。', 'high', 'some')],
      [185, 'liu-xiaowei', { type: 'hand_to_vendor', note: '需汇通定位并提供修正脚本。' }],
      ...vendorWorks(180),
      [
        165,
        'liu-wei',
        {
          type: 'record_root_cause',
          rootCause: '金额精度转换错误',
          needsProductionSql: true,
          networkMatter: false,
        },
      ],
      [
        150,
        'liu-wei',
        {
          type: 'request_change',
          kind: 'sql_script',
          script: 'update bid_quote set amount = amount_raw / 100 where amount = 0;',
          note: '修正报价金额',
        },
      ],
    ],
  },
  {
    minutesAgo: 260,
    by: 'zhou-feiying',
    report: {
      channel: 'hotline_fault',
      kind: 'system_fault',
      category: 'system_defect',
      title: '中标通知短信未发送',
      description: '昨日中标结果确认后，供应商未收到短信通知。',
      symptom: 'partly_unusable',
      scope: 'some',
      reporter: GD,
    },
    steps: [
      [255, 'zhou-feiying', escalate('部分中标供应商未收到通知。', 'medium', 'some')],
      [245, 'liu-xiaowei', { type: 'hand_to_vendor' }],
      ...vendorWorks(240),
      [
        220,
        'liu-wei',
        {
          type: 'record_root_cause',
          rootCause: '短信网关配置在发布中被覆盖',
          needsProductionSql: false,
          networkMatter: false,
        },
      ],
      [
        210,
        'li-xinxin',
        {
          type: 'request_change',
          kind: 'emergency_release',
          packageRef: 'ovms-bidding-2.3.1-hotfix1.war',
          note: '恢复短信网关配置',
        },
      ],
      [200, 'liu-xiaowei', { type: 'approve_change', task: 1, note: '同意今晚紧急发布' }],
    ],
  },
  {
    minutesAgo: 300,
    by: 'demo-reporter-gd',
    report: {
      channel: 'web',
      kind: 'system_fault',
      category: 'system_defect',
      title: '保证金缴纳状态不同步',
      description: '已缴纳保证金的供应商在系统中仍显示未缴纳。',
      symptom: 'data_wrong',
      scope: 'one',
      reporter: GD,
    },
    steps: [
      [290, 'su-shengchun', escalate('单个供应商保证金状态错误，无法参与投标。', 'high', 'one')],
      [280, 'liu-xiaowei', { type: 'hand_to_vendor' }],
      ...vendorWorks(275),
      [
        260,
        'liu-wei',
        {
          type: 'record_root_cause',
          rootCause: '银行回调重试失败未入队',
          needsProductionSql: false,
          networkMatter: false,
        },
      ],
      [240, 'liu-wei', { type: 'record_fix', note: '回调失败加入重试队列' }],
      [230, 'wang-xuesong', { type: 'record_verification', note: '测试通过' }],
      [225, 'li-xinxin', { type: 'deliver_for_final_test', note: '请刷新保证金页面确认状态' }],
    ],
  },
  {
    minutesAgo: 360,
    by: 'demo-reporter-sh',
    report: {
      channel: 'web',
      kind: 'system_fault',
      category: 'system_defect',
      title: '投标文件上传进度条不动',
      description: '上传大于 50MB 的投标文件时进度条停在 0%。',
      symptom: 'slow',
      scope: 'one',
      reporter: SH,
    },
    steps: [
      [350, 'su-shengchun', escalate('单个用户大文件上传缓慢。', 'medium', 'one')],
      [340, 'cao-xianjin', { type: 'hand_to_vendor' }],
      ...vendorWorks(335),
      [
        320,
        'liu-wei',
        {
          type: 'record_root_cause',
          rootCause: '上传分片大小超出网关限制',
          needsProductionSql: false,
          networkMatter: true,
        },
      ],
      [300, 'liu-wei', { type: 'record_fix', note: '调整分片大小' }],
      [290, 'luo-bo', { type: 'record_verification', note: '100MB 文件上传通过' }],
      [280, 'li-xinxin', { type: 'deliver_for_final_test', note: '请重新上传验证' }],
      [60, 'demo-reporter-sh', { type: 'confirm_fix', note: '上传正常' }],
    ],
  },
  {
    minutesAgo: 600,
    by: 'su-shengchun',
    report: {
      channel: 'hotline_fault',
      kind: 'system_fault',
      category: 'system_defect',
      title: '开标倒计时与服务器时间不一致',
      description: '开标倒计时比服务器时间快 5 分钟。',
      symptom: 'data_wrong',
      scope: 'some',
      reporter: GD,
    },
    steps: [
      [590, 'su-shengchun', escalate('部分地区开标倒计时错误。', 'high', 'some')],
      [580, 'liu-xiaowei', { type: 'hand_to_vendor' }],
      ...vendorWorks(575),
      [
        560,
        'liu-wei',
        {
          type: 'record_root_cause',
          rootCause: '倒计时使用客户端时间',
          needsProductionSql: false,
          networkMatter: false,
        },
      ],
      [540, 'liu-wei', { type: 'record_fix', note: '改用服务器时间' }],
      [530, 'wang-xuesong', { type: 'record_verification', note: '通过' }],
      [520, 'li-xinxin', { type: 'deliver_for_final_test', note: '请核对倒计时' }],
      [480, 'su-shengchun', { type: 'reject_fix', note: '用户来电：刷新后仍快 1 分钟' }],
      [
        470,
        'liu-wei',
        {
          type: 'record_root_cause',
          rootCause: '缓存页面仍用旧脚本',
          needsProductionSql: false,
          networkMatter: false,
        },
      ],
      [460, 'liu-wei', { type: 'record_fix', note: '脚本加版本号' }],
      [455, 'luo-bo', { type: 'record_verification', note: '通过' }],
      [450, 'li-xinxin', { type: 'deliver_for_final_test', note: '请再次核对' }],
      [420, 'demo-reporter-gd', { type: 'confirm_fix' }],
      [
        410,
        'su-shengchun',
        { type: 'verify_and_close', resolution: 'fixed', note: '已通知华南区' },
      ],
    ],
  },
  {
    minutesAgo: 45,
    by: 'demo-reporter-sh',
    report: {
      channel: 'web',
      kind: 'system_fault',
      category: 'system_defect',
      title: '评标汇总表缺页（重复）',
      description: '与已报的评标汇总表导出问题相同。',
      symptom: 'data_wrong',
      scope: 'some',
      reporter: SH,
    },
    steps: [[30, 'zhou-feiying', { type: 'cancel', reason: 'duplicate', duplicateOf: '3' }]],
  },
  {
    minutesAgo: 900,
    by: 'zhou-feiying',
    report: {
      channel: 'hotline_fault',
      kind: 'system_fault',
      category: 'os_database',
      title: '历史招标查询很慢',
      description: '按年度查询历史招标需要 1 分钟以上。',
      symptom: 'slow',
      scope: 'all',
      reporter: SH,
    },
    steps: [
      [880, 'zhou-feiying', escalate('全网历史查询缓慢。', 'medium', 'all')],
      [860, 'liu-xiaowei', { type: 'hand_to_vendor' }],
      ...vendorWorks(850),
    ],
  },
  {
    minutesAgo: 25,
    by: 'su-shengchun',
    report: {
      channel: 'hotline_fault',
      kind: 'system_fault',
      category: 'network',
      title: '广东区专线中断，无法登录竞价系统',
      description: '广东区多个网点无法访问 OVMS，其他地区正常。',
      symptom: 'unusable',
      scope: 'all',
      reporter: GD,
    },
    steps: [
      [22, 'su-shengchun', escalate('全网竞价受影响，需决定是否转线下。', 'high', 'all')],
      [18, 'liu-xiaowei', { type: 'start_onsite_handling', note: '网络专线故障，运维现场处理。' }],
      [
        10,
        'wang-xiaofeng',
        {
          type: 'record_fallback_decision',
          decision: 'rerun_online_after_recovery',
          reason: '运营商承诺 1 小时内恢复，恢复后重新线上招标。',
        },
      ],
    ],
  },
];

const groupsOf = (personId: string): GroupId[] =>
  PEOPLE_2015.find((p) => p.id === personId)?.groups.map((g) => g.id) ?? [];
const organisationOf = (personId: string) =>
  PEOPLE_2015.find((p) => p.id === personId)?.organisation ?? '';

async function playScenario(tx: Tx, scenario: Scenario, now: Date, calendars: CalendarCache) {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const ctx = (personId: string, minutesAgo: number): ActingContext => ({
    actor: { id: personId, groups: groupsOf(personId), organisation: organisationOf(personId) },
    audit: { actorId: personId, credential: 'demo-seed', requestId: null },
    now: at(minutesAgo),
    calendars,
  });
  const id = await reportIncident(
    tx,
    {
      ...scenario.report,
      category: scenario.report.category ?? 'other',
      systemId: 'ovms',
      reportedAt: at(scenario.minutesAgo).toISOString(),
    },
    ctx(scenario.by, scenario.minutesAgo),
  );
  for (const [minutesAgo, personId, action] of scenario.steps ?? []) {
    await actOnIncident(tx, id, action, ctx(personId, minutesAgo));
  }
}

/** Loads the demo on a database without people; returns undefined (doing nothing) otherwise. */
export async function seedDemo(db: Db, now: Date) {
  const [row] = await db.select({ n: count() }).from(people);
  if ((row?.n ?? 0) > 0) return undefined;
  return db.transaction(async (tx) => {
    await ensurePlanDefaults(tx);
    await seedDemoRoster(tx, now);
    const calendars = new CalendarCache();
    for (const scenario of SCENARIOS) await playScenario(tx, scenario, now, calendars);
    return { people: PEOPLE_2015.length, incidents: SCENARIOS.length };
  });
}
