/** The write state every admin store shares: busy, and the last refusal (field errors by pointer). */
import { ref } from 'vue';
import type { ShownProblem } from '../../lib/problem';
import type { Outcome } from '../../lib/admin/request';

export function useSaving() {
  const saving = ref(false);
  const problem = ref<ShownProblem | null>(null);

  /** Runs one write; on success runs `then` (a reload) and answers the data (or true for 204). */
  async function save<T>(
    run: () => Promise<Outcome<T>>,
    then?: () => Promise<unknown>,
  ): Promise<T | true | null> {
    saving.value = true;
    problem.value = null;
    try {
      const outcome = await run();
      if (!outcome.ok) {
        problem.value = outcome.problem;
        return null;
      }
      if (then) await then();
      return outcome.data ?? true;
    } finally {
      saving.value = false;
    }
  }

  function clearProblem(): void {
    problem.value = null;
  }

  return { saving, problem, save, clearProblem };
}
