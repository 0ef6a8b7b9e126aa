/** The admin workspace's question before a destructive write (delete, revoke, deactivate, publish). */
import { ElMessage, ElMessageBox } from 'element-plus';
import { useI18n } from 'vue-i18n';
import type { ShownProblem } from '../problem';

/**
 * Asks in a warning box whose confirm button names the action; true when the admin confirms,
 * false when they cancel or close it.
 */
export async function confirmed(
  question: string,
  action: string,
  cancel: string,
): Promise<boolean> {
  try {
    await ElMessageBox.confirm(question, action, {
      type: 'warning',
      confirmButtonText: action,
      cancelButtonText: cancel,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Delete after a confirm, the same in every section: asks the question, runs the store's delete
 * (null when the API refused), and says how it went — the refusal's message (e.g. what still uses
 * the record) or "Deleted". True when it was deleted.
 */
export function useConfirmedDelete(problem: () => ShownProblem | null) {
  const { t } = useI18n();
  return async (question: string, run: () => Promise<unknown>): Promise<boolean> => {
    if (!(await confirmed(question, t('admin.common.delete'), t('admin.common.cancel')))) {
      return false;
    }
    if ((await run()) === null) {
      ElMessage.error(problem()?.message ?? '');
      return false;
    }
    ElMessage.success(t('admin.common.deleted'));
    return true;
  };
}
