import { createHmac } from 'node:crypto';
import { ApplicationFailure, log } from '@temporalio/activity';
import type { Delivery } from '../contracts/webhooks';
import { countAttempt, countDelivered } from '../observability/delivery-metrics';

export type WebhookConfig = { url?: string; secret?: string; timeoutMs?: number };
export type DeliveryResult = { id: string; sent: boolean; status: number | null };

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POSTs `payload` as signed JSON; the HTTP status once a receiver took it, null when no webhook is configured.
 * Every failure is retryable on purpose: the workflow retries until the receiver takes the delivery.
 */
export async function postSigned(config: WebhookConfig, payload: unknown): Promise<number | null> {
  if (!config.url) return null;
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.secret) headers['x-caseflow-signature'] = sign(body, config.secret);
  let response: Response;
  try {
    response = await fetch(config.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(config.timeoutMs ?? 10_000) });
  } catch (err) {
    throw ApplicationFailure.retryable(`webhook unreachable: ${(err as Error).message}`, 'webhook_unreachable');
  }
  await response.body?.cancel();
  if (!response.ok) throw ApplicationFailure.retryable(`webhook answered ${response.status}`, 'webhook_refused');
  return response.status;
}

/** Activities are built from their dependencies, so tests and the worker hand them the webhook they want. */
export function createActivities(config: WebhookConfig) {
  return {
    async deliverWebhook(delivery: Delivery): Promise<DeliveryResult> {
      countAttempt(delivery);
      const status = await postSigned(config, delivery);
      if (status === null) log.info('webhook not configured; delivery recorded only', { deliveryId: delivery.id, caseId: delivery.caseId });
      countDelivered(delivery, status !== null);
      return { id: delivery.id, sent: status !== null, status };
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
