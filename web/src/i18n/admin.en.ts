import type { AdminMessages } from './admin.zh-CN';

const adminEn: AdminMessages = {
  title: 'Administration',
};

export default adminEn;
