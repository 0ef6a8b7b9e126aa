/** 管理工作台的文案（简体中文）；`admin.en.ts` must have the same keys (the type enforces it). */
const adminZhCN = {
  title: '系统管理',
};

export default adminZhCN;
export type AdminMessages = typeof adminZhCN;
