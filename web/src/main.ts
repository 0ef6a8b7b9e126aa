import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { ElMessage } from 'element-plus';
import 'element-plus/dist/index.css';
import App from './app.vue';
import { createAppI18n } from './i18n';
import { useProblemWording } from './lib/problem';
import { problemWording } from './lib/problem-wording';
import { createAppRouter } from './router';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
const i18n = createAppI18n();
app.use(i18n);
useProblemWording(problemWording(i18n.global));
app.use(
  createAppRouter((workspace) => {
    const { t } = i18n.global;
    ElMessage.warning({
      message: t('app.notAllowed', { workspace: t(`menu.${workspace}`) }),
      customClass: 'not-allowed-notice',
    });
  }),
);
app.mount('#app');
