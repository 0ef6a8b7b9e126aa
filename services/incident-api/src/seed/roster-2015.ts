/**
 * The 2015 emergency team, groups, phones and hotlines exactly as the plan lists them (§3.1, §3.2,
 * §4 and the footer). The demo roster; real deployments replace it through the admin API.
 */
import type { GroupId } from '@ovms/policy';

export interface RosterGroup {
  id: GroupId;
  nameZh: string;
  nameEn: string;
  phones: string[];
  duties: string;
}

export const GROUPS_2015: RosterGroup[] = [
  {
    id: 'leaders',
    nameZh: '小组组长/副组长',
    nameEn: 'Leader and deputies',
    phones: ['0755-33990018', '0755-33990537'],
    duties: '统筹工作开展；协调资源，指导异常处理；决议线下招标或恢复后重新线上招标',
  },
  {
    id: 'desk',
    nameZh: '顺丰-外包组',
    nameEn: 'Service desk (outsourced)',
    phones: ['0755-36646947'],
    duties:
      '问题甄别，操作类问题指导；系统类问题初步判定等级并反馈系统组；验证并通知用户，关闭问题',
  },
  {
    id: 'system',
    nameZh: '顺丰-系统组',
    nameEn: 'System group',
    phones: ['0755-36646668'],
    duties: '按等级标准划分等级；紧急阻断性问题现场处理；协调资源、版本、紧急版本、SQL脚本',
  },
  {
    id: 'devops',
    nameZh: '顺丰-研发运维组',
    nameEn: 'R&D operations',
    phones: [],
    duties: '执行版本、紧急版本、SQL脚本；协调紧急版本发布；监控网络、数据库、存储和传输',
  },
  {
    id: 'vendor',
    nameZh: '汇通-项目组',
    nameEn: 'Huitong project team',
    phones: ['18688994635', '18615763082'],
    duties: '记录问题，定位根源；按优先级时效解决；提供生产包、SQL脚本',
  },
  {
    id: 'reporters',
    nameZh: '地区和供应商用户',
    nameEn: 'Regional staff and suppliers',
    phones: [],
    duties: '发现问题拨打热线报障；对修复进行最终测试并确认',
  },
  {
    id: 'admin',
    nameZh: '系统管理员',
    nameEn: 'Administrators',
    phones: [],
    duties: '维护人员、日历、招标活动与策略表',
  },
];

export interface RosterPerson {
  id: string;
  name: string;
  organisation: string;
  title: string;
  phone?: string;
  groups: { id: GroupId; lead?: boolean }[];
}

/**
 * Plan §3.1. Groups follow the roles the plan gives in brackets: 研发/运维 → devops, 系统 → system,
 * 汇通 → vendor. The plan names no member of the outsourced desk; its two 业务 (business) members
 * stand in for it in the demo. Phones are personal only where the plan gives them per person;
 * otherwise the group's duty phones apply.
 */
export const PEOPLE_2015: RosterPerson[] = [
  {
    id: 'wang-xiaofeng',
    name: '王小锋',
    organisation: '顺丰',
    title: '小组组长',
    groups: [{ id: 'leaders', lead: true }],
  },
  {
    id: 'li-wei',
    name: '李伟',
    organisation: '顺丰',
    title: '小组副组长',
    groups: [{ id: 'leaders' }],
  },
  {
    id: 'liu-sheng',
    name: '刘胜',
    organisation: '顺丰',
    title: '小组副组长',
    groups: [{ id: 'leaders' }],
  },
  { id: 'bai-peng', name: '白鹏', organisation: '顺丰', title: '研发', groups: [{ id: 'devops' }] },
  {
    id: 'zhang-jianjun',
    name: '张健俊',
    organisation: '顺丰',
    title: '运维',
    groups: [{ id: 'devops', lead: true }],
  },
  {
    id: 'fang-fang',
    name: '方芳',
    organisation: '顺丰',
    title: '研发',
    groups: [{ id: 'devops' }],
  },
  {
    id: 'zhou-feiying',
    name: '周飞莹',
    organisation: '顺丰',
    title: '业务',
    groups: [{ id: 'desk', lead: true }],
  },
  {
    id: 'su-shengchun',
    name: '苏胜春',
    organisation: '顺丰',
    title: '业务',
    groups: [{ id: 'desk' }],
  },
  {
    id: 'liu-xiaowei',
    name: '柳晓威',
    organisation: '顺丰',
    title: '系统',
    groups: [{ id: 'system', lead: true }],
  },
  {
    id: 'cao-xianjin',
    name: '操先进',
    organisation: '顺丰',
    title: '系统',
    groups: [{ id: 'system' }],
  },
  {
    id: 'li-xinxin',
    name: '李欣欣',
    organisation: '汇通',
    title: '项目经理',
    phone: '18688994635',
    groups: [{ id: 'vendor', lead: true }],
  },
  {
    id: 'liu-wei',
    name: '刘伟',
    organisation: '汇通',
    title: '开发',
    phone: '18615763082',
    groups: [{ id: 'vendor' }],
  },
  {
    id: 'chen-shu',
    name: '陈蜀',
    organisation: '汇通',
    title: '产品经理',
    groups: [{ id: 'vendor' }],
  },
  {
    id: 'wang-xuesong',
    name: '王雪松',
    organisation: '汇通',
    title: '测试',
    groups: [{ id: 'vendor' }],
  },
  { id: 'luo-bo', name: '罗波', organisation: '汇通', title: '测试', groups: [{ id: 'vendor' }] },
  // Not in the plan: reporters from two regions and an administrator, so every role can be tried.
  {
    id: 'demo-reporter-gd',
    name: '广东区域用户',
    organisation: '华南区-广东',
    title: '区域车管',
    phone: '020-00000001',
    groups: [{ id: 'reporters' }],
  },
  {
    id: 'demo-reporter-sh',
    name: '上海区域用户',
    organisation: '华东区-上海',
    title: '区域车管',
    phone: '021-00000001',
    groups: [{ id: 'reporters' }],
  },
  {
    id: 'demo-admin',
    name: '系统管理员',
    organisation: '顺丰',
    title: '管理员',
    groups: [{ id: 'admin' }],
  },
];

export const HOTLINES_2015 = [
  {
    id: 'operation',
    number: '0755-33990227',
    purpose: 'operation_question' as const,
    labelZh: '操作类问题咨询',
    labelEn: 'Operation questions',
  },
  {
    id: 'fault',
    number: '0755-33990377',
    purpose: 'system_fault' as const,
    labelZh: '系统类问题报障',
    labelEn: 'System fault reports',
  },
];

/**
 * Demo sign-in passwords, one person per group. For the demo only: `pnpm start` prints them on
 * the first run and the README lists them; a real deployment sets passwords through the admin.
 */
export const DEMO_PASSWORDS: Record<string, string> = {
  'wang-xiaofeng': 'leaders-ovms-2015',
  'su-shengchun': 'desk-ovms-2015',
  'liu-xiaowei': 'system-ovms-2015',
  'zhang-jianjun': 'devops-ovms-2015',
  'liu-wei': 'vendor-ovms-2015',
  'demo-reporter-gd': 'reporter-ovms-2015',
  'demo-admin': 'admin-ovms-2015',
};
