/**
 * The report most tests send: the desk logs a hotline call about a system fault (wrong bid
 * amounts for some suppliers, P2). A test overrides what it is about.
 */
export const hotlineFault = (overrides: Record<string, unknown> = {}) => ({
  channel: 'hotline_fault',
  kind: 'system_fault',
  title: '报价金额显示为0',
  description: '供应商提交报价后金额显示为0',
  symptom: 'data_wrong',
  scope: 'some',
  reporter: { organisation: '华南区-广东', name: '张三' },
  ...overrides,
});
