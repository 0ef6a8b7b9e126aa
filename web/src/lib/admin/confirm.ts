/** The admin workspace's question before a destructive write (delete, revoke, deactivate, publish). */
import { ElMessageBox } from 'element-plus';

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
