/** Runs on mount and again each time a kept-alive section is shown (not twice on the first). */
import { onActivated, onMounted } from 'vue';

export function onShown(run: () => void): void {
  let mounted = false;
  onMounted(() => {
    mounted = true;
    run();
  });
  onActivated(() => {
    // KeepAlive activates right after the first mount: that showing is already loaded.
    if (mounted) {
      mounted = false;
      return;
    }
    run();
  });
}
