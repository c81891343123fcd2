import { createHmac } from 'node:crypto';
import { ApplicationFailure, log } from '@temporalio/activity';
import type { Delivery } from '../machines/case-context';
import { countAttempt, countDelivered } from '../observability/delivery-metrics';

export type WebhookConfig = { url?: string; secret?: string; timeoutMs?: number };
export type DeliveryResult = { id: string; sent: boolean; status: number | null };

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Activities are built from their dependencies, so tests and the worker hand them the webhook they want.
 * Every failure here is retryable on purpose: the workflow retries until the receiver takes the delivery.
 */
export function createActivities(config: WebhookConfig) {
  return {
    async deliverWebhook(delivery: Delivery): Promise<DeliveryResult> {
      countAttempt(delivery);
      if (!config.url) {
        log.info('webhook not configured; delivery recorded only', { deliveryId: delivery.id, caseId: delivery.caseId });
        countDelivered(delivery, false);
        return { id: delivery.id, sent: false, status: null };
      }
      const body = JSON.stringify(delivery);
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
      countDelivered(delivery, true);
      return { id: delivery.id, sent: true, status: response.status };
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
