import { Context } from '@temporalio/activity';
import type { Delivery } from '../contracts/webhooks';

// The activity's own meter: the Runtime's exporter, tagged with namespace, task queue and activity type.
// Without metrics configured on the Runtime it is a no-op meter.

/** Every attempt after the first is a retry: the receiver refused or could not be reached last time. */
export function countAttempt(delivery: Delivery): void {
  const ctx = Context.current();
  if (ctx.info.attempt <= 1) return;
  ctx.metricMeter.createCounter('caseflow_webhook_retries_total', 'attempts', 'Webhook delivery attempts after the first').add(1, { kind: delivery.kind });
}

/** A delivery taken by the receiver (sent="true"), or only recorded because no webhook URL is configured. */
export function countDelivered(delivery: Delivery, sent: boolean): void {
  Context.current()
    .metricMeter.createCounter('caseflow_webhooks_delivered_total', 'deliveries', 'Notices and escalations delivered')
    .add(1, { kind: delivery.kind, sent: String(sent) });
}
