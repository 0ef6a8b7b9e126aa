/**
 * Chinese and English names of the plan's groups and of the incident statuses, for messages
 * that leave the service (mail, group robots). The tables are keyed by the policy package's
 * vocabularies, so a status added there fails the build here until it is named.
 */
import type { GroupId, IncidentStatus } from '@ovms/policy';

export interface Bilingual {
  zh: string;
  en: string;
}

/** The roles of plan §3.2 (not a roster's organisation names, which deployments change). */
const GROUP_NAMES: Readonly<Record<GroupId, Bilingual>> = {
  leaders: { zh: '应急小组组长', en: 'Leaders' },
  desk: { zh: '服务台', en: 'Service desk' },
  system: { zh: '系统组', en: 'System group' },
  devops: { zh: '研发运维组', en: 'R&D operations' },
  vendor: { zh: '厂商项目组', en: 'Vendor project team' },
  reporters: { zh: '报障用户', en: 'Reporters' },
  admin: { zh: '系统管理员', en: 'Administrators' },
};

const STATUS_NAMES: Readonly<Record<IncidentStatus, Bilingual>> = {
  reported: { zh: '已报障', en: 'reported' },
  triage: { zh: '服务台甄别', en: 'triage at the desk' },
  with_system: { zh: '系统组处理', en: 'with the system group' },
  onsite: { zh: '现场处理', en: 'on-site handling' },
  vendor_new: { zh: '转厂商', en: 'handed to the vendor' },
  vendor_registered: { zh: '问题登记', en: 'registered by the vendor' },
  vendor_reproduced: { zh: '问题重现', en: 'reproduced' },
  vendor_root_caused: { zh: '定位问题根源', en: 'root cause found' },
  vendor_fixed: { zh: '解决问题', en: 'fixed' },
  vendor_verified: { zh: '验证后交付', en: 'verified, to be delivered' },
  final_test: { zh: '最终测试', en: 'final test' },
  resolved: { zh: '已解决', en: 'resolved' },
  closed: { zh: '已关闭', en: 'closed' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};

function lookup<K extends string>(table: Readonly<Record<K, Bilingual>>, key: string): Bilingual {
  return Object.hasOwn(table, key) ? table[key as K] : { zh: key, en: key };
}

/** The group's names; an id the plan does not know is shown as it is. */
export function groupName(id: string): Bilingual {
  return lookup(GROUP_NAMES, id);
}

/** The status's names; a status the policy does not know is shown as it is. */
export function statusName(status: string): Bilingual {
  return lookup(STATUS_NAMES, status);
}
