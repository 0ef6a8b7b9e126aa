/**
 * Where notices go: webhooks and group robots (WeCom, DingTalk, Feishu), subscriptions (a group,
 * its leads, or a person; notice kinds; channel; paused), and the outbox's dead letters.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api as defaultApi, type ApiClient, type Schemas } from '../../api/client';
import type { ShownProblem } from '../../lib/problem';
import { attempt } from '../../lib/admin/request';
import { useSaving } from './saving';

export type Webhook = Schemas['Webhook'];
export type NewWebhook = Schemas['NewWebhookInput'];
export type WebhookPatch = Schemas['WebhookPatchInput'];
export type Subscription = Schemas['Subscription'];
export type NewSubscription = Schemas['NewSubscriptionInput'];
export type SubscriptionPatch = Schemas['SubscriptionPatchInput'];
export type Delivery = Schemas['Delivery'];
export type WebhookTestResult = Schemas['WebhookTestResult'];
export type DeliveryStatus = Delivery['status'];

export const WEBHOOK_KINDS = [
  'generic',
  'wecom',
  'dingtalk',
  'feishu',
] as const satisfies readonly Webhook['kind'][];
export const NOTICE_KINDS = [
  'warning',
  'breach',
  'priority_alert',
] as const satisfies readonly Subscription['kinds'][number][];
export const CHANNELS = [
  'in_app',
  'email',
  'webhook',
] as const satisfies readonly Subscription['channel'][];

export const useAdminNotifyStore = defineStore('admin-notify', () => {
  let api: ApiClient = defaultApi;
  const webhooks = ref<Webhook[]>([]);
  const subscriptions = ref<Subscription[]>([]);
  const deliveries = ref<Delivery[]>([]);
  const deliveryStatus = ref<DeliveryStatus>('dead');
  const loading = ref(false);
  const loadError = ref<ShownProblem | null>(null);
  const { saving, problem, save, clearProblem } = useSaving();

  function useClient(client: ApiClient): void {
    api = client;
  }

  async function loadDeliveries(): Promise<void> {
    const outcome = await attempt('outbox', () =>
      api.GET('/api/v1/outbox', {
        params: { query: { status: deliveryStatus.value, limit: 100 } },
      }),
    );
    if (outcome.data) deliveries.value = outcome.data;
    loadError.value ??= outcome.problem;
  }

  async function load(): Promise<void> {
    loading.value = true;
    const [w, s] = await Promise.all([
      attempt('webhooks', () => api.GET('/api/v1/webhooks')),
      attempt('subscriptions', () => api.GET('/api/v1/subscriptions')),
    ]);
    if (w.data) webhooks.value = w.data;
    if (s.data) subscriptions.value = s.data;
    loadError.value = w.problem ?? s.problem;
    await loadDeliveries();
    loading.value = false;
  }

  const createWebhook = (input: NewWebhook) =>
    save(() => attempt('webhook', () => api.POST('/api/v1/webhooks', { body: input })), load);

  const updateWebhook = (id: string, patch: WebhookPatch) =>
    save(
      () =>
        attempt('webhook', () =>
          api.PATCH('/api/v1/webhooks/{webhookId}', {
            params: { path: { webhookId: id } },
            body: patch,
          }),
        ),
      load,
    );

  /** Removes the webhook and the subscriptions that post to it. */
  const deleteWebhook = (id: string) =>
    save(
      () =>
        attempt('webhook', () =>
          api.DELETE('/api/v1/webhooks/{webhookId}', { params: { path: { webhookId: id } } }),
        ),
      load,
    );

  const createSubscription = (input: NewSubscription) =>
    save(
      () => attempt('subscription', () => api.POST('/api/v1/subscriptions', { body: input })),
      load,
    );

  const updateSubscription = (id: number, patch: SubscriptionPatch) =>
    save(
      () =>
        attempt('subscription', () =>
          api.PATCH('/api/v1/subscriptions/{subscriptionId}', {
            params: { path: { subscriptionId: id } },
            body: patch,
          }),
        ),
      load,
    );

  const deleteSubscription = (id: number) =>
    save(
      () =>
        attempt('subscription', () =>
          api.DELETE('/api/v1/subscriptions/{subscriptionId}', {
            params: { path: { subscriptionId: id } },
          }),
        ),
      load,
    );

  /** The last test of each webhook, by id; `testing` is the one waiting for its receiver. */
  const testResults = ref<Record<string, WebhookTestResult>>({});
  const testing = ref<string | null>(null);

  /**
   * Sends a sample notice to the webhook now. A receiver that fails is a result the API gives
   * (`delivered: false`); a refusal of the API itself (gone, not allowed) is shown the same way.
   */
  async function testWebhook(id: string): Promise<WebhookTestResult> {
    testing.value = id;
    const outcome = await attempt('webhook test', () =>
      api.POST('/api/v1/webhooks/{webhookId}/test', { params: { path: { webhookId: id } } }),
    );
    testing.value = null;
    const result = outcome.data ?? {
      delivered: false,
      durationMs: 0,
      error: outcome.problem?.message ?? 'webhook test',
    };
    testResults.value = { ...testResults.value, [id]: result };
    return result;
  }

  /** Sends a dead letter again: pending, attempts reset, due now. */
  const resend = (id: number) =>
    save(
      () =>
        attempt('outbox', () =>
          api.POST('/api/v1/outbox/{outboxId}/resend', { params: { path: { outboxId: id } } }),
        ),
      loadDeliveries,
    );

  return {
    webhooks,
    subscriptions,
    deliveries,
    deliveryStatus,
    loading,
    loadError,
    saving,
    problem,
    clearProblem,
    useClient,
    load,
    loadDeliveries,
    createWebhook,
    updateWebhook,
    deleteWebhook,
    createSubscription,
    updateSubscription,
    deleteSubscription,
    resend,
    testResults,
    testing,
    testWebhook,
  };
});
