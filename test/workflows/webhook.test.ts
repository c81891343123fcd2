// Notices and escalations leave the workflow through the deliverWebhook activity: signed, retried until the
// receiver takes them, under an id that stays the same across retries.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_MAX_DELIVERIES_IN_FLIGHT } from '../../contracts/bounds';
import { HOUR, plusMs, policyWith, shippedPolicy, startHarness, type Harness } from './harness';

const SECRET = 'test-webhook-secret';

type Received = { id: string; kind: string; body: Record<string, unknown>; raw: string; signature: string | undefined; answered: number };

/** A receiver that answers 503 to the first `refusals` attempts of each delivery id, and to held ids until released. */
class Receiver {
  readonly requests: Received[] = [];
  readonly held = new Set<string>();
  /** While set, every delivery is refused. */
  refusing = false;
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as Record<string, unknown>;
      const id = String(body.id);
      const attempt = this.requests.filter((r) => r.id === id).length + 1;
      const answered = attempt <= this.refusals || this.held.has(id) || this.refusing ? 503 : 200;
      const signature = req.headers['x-caseflow-signature'];
      this.requests.push({ id, kind: String(body.kind), body, raw, signature: Array.isArray(signature) ? signature[0] : signature, answered });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'busy');
    });
  });
  constructor(private readonly refusals: number) {}

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/caseflow`;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
  attempts(id: string): Received[] {
    return this.requests.filter((r) => r.id === id);
  }
  accepted(): Received[] {
    return this.requests.filter((r) => r.answered === 200);
  }
  /** Waits (bounded by attempts, not by a clock) until `check` holds for what has arrived. */
  async until(check: (r: Receiver) => boolean, what: string): Promise<void> {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      if (check(this)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`receiver never saw ${what}; got ${JSON.stringify(this.requests.map((r) => [r.id, r.answered]))}`);
  }
}

const hmac = (raw: string) => `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;

describe('case workflow: webhook delivery', () => {
  let h: Harness;
  let receiver: Receiver;
  let url: string;
  beforeAll(async () => {
    receiver = new Receiver(2);
    url = await receiver.listen();
    h = await startHarness('webhook');
  });
  afterAll(async () => {
    await h?.shutdown();
    await receiver?.close();
  });

  it('delivers the registered notice and an escalation, signed, retried after two 503s under the same id', async () => {
    await h.withWorker(async () => {
      // Criminal: of the limits REGISTER starts, only notify (PT24H) warns within a day; file is P3D.
      const handle = await h.startCase({ category: 'criminal', station: 'S07' });
      const registeredAt = await h.now();
      const registered = await h.send(handle, { type: 'REGISTER', at: registeredAt });
      const notifyDue = registered.deadlines.find((d) => d.limit === 'notify')!.dueAt;

      // The notify limit (PT24H from REGISTER) warns at 19.2 h; retry backoff passes in virtual time too.
      await h.env.sleep('20 hours');
      const view = await h.viewWhen(handle, (v) => v.escalations.length >= 1, 'the notify warning');
      const escalation = view.escalations[0]!;
      expect(escalation).toMatchObject({ limit: 'notify', level: 'warning', target: 'handler' });
      await receiver.until((r) => r.accepted().length >= 2, 'the notice and the escalation accepted');

      const notices = receiver.accepted().filter((r) => r.kind === 'notice');
      expect(notices).toHaveLength(1);
      const notice = notices[0]!;
      expect(notice.body).toEqual({
        id: expect.any(String), kind: 'notice', caseId: handle.workflowId, station: 'S07',
        limit: 'notify', level: null, target: 'reporter', dueAt: notifyDue, raisedAt: registeredAt,
      });

      const escalated = receiver.accepted().filter((r) => r.kind === 'escalation');
      expect(escalated).toHaveLength(1);
      expect(escalated[0]!.body).toEqual({
        id: escalation.id, kind: 'escalation', caseId: handle.workflowId, station: 'S07',
        limit: 'notify', level: 'warning', target: 'handler', dueAt: notifyDue, raisedAt: plusMs(registeredAt, 0.8 * 24 * HOUR),
        // Contract section 11: repeats a catch-up folded into this escalation; none for a warning.
        missed: 0,
      });

      for (const id of [notice.id, escalation.id]) {
        const attempts = receiver.attempts(id);
        // Refused twice, then taken; the same id and the very same body every time.
        expect(attempts.map((a) => a.answered)).toEqual([503, 503, 200]);
        expect(new Set(attempts.map((a) => a.raw)).size).toBe(1);
        for (const a of attempts) expect(a.signature).toBe(hmac(a.raw));
      }
      await h.stop(handle);
    }, { url, secret: SECRET });
  });

  it('keeps a closed case running until its decline notice is delivered, then completes', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'criminal', station: 'S07' });
      await h.send(handle, { type: 'REGISTER' });
      await h.send(handle, { type: 'NOTIFY' });
      await h.send(handle, { type: 'FILE', decision: 'decline', reason: 'the dispute is civil, not criminal' });
      const declined = await h.send(handle, { type: 'APPROVE', by: 'legal-1' });
      expect(declined.stage).toBe('decline_notice');
      const declineNoticeId = `${handle.workflowId}:notice:1`;
      receiver.held.add(declineNoticeId);
      const closed = await h.send(handle, { type: 'NOTIFY' });
      expect(closed).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'not_filed' });

      // The receiver keeps refusing the decline notice: the case is closed but its workflow waits for delivery.
      await receiver.until((r) => r.attempts(declineNoticeId).length >= 1, 'the decline notice');
      expect((await handle.describe()).status.name).toBe('RUNNING');

      receiver.held.delete(declineNoticeId);
      const final = await handle.result();
      expect(final).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'not_filed' });
      const taken = receiver.attempts(declineNoticeId).filter((a) => a.answered === 200);
      expect(taken).toHaveLength(1);
      // Contract v2: the notice tells the reporter the decision and states its reason.
      expect(taken[0]!.body).toMatchObject({
        kind: 'notice', limit: 'declineNotice', target: 'reporter', caseId: handle.workflowId,
        decision: 'decline', reason: 'the dispute is civil, not criminal',
      });
      expect(taken[0]!.signature).toBe(hmac(taken[0]!.raw));
    }, { url, secret: SECRET });
  });

  it('runs at most CASE_MAX_DELIVERIES_IN_FLIGHT deliveries at once while the receiver refuses; the rest follow when it takes them', async () => {
    receiver.refusing = true;
    const everyMinute = policyWith({ escalation: { ...shippedPolicy.escalation, repeatOverdueEvery: 'PT1M' } });
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'criminal', station: 'S07' }, { policy: everyMinute });
      try {
        // register (PT24H) warns, falls due, then escalates every minute: far more deliveries than may run at once.
        await h.env.sleep('24 hours');
        await h.env.sleep('30 minutes');
        const view = await h.viewWhen(handle, (v) => v.escalations.length > CASE_MAX_DELIVERIES_IN_FLIGHT + 5, 'a pile of escalations');
        const pending = async () => (await handle.describe()).raw.pendingActivities?.length ?? 0;
        expect(await pending()).toBe(CASE_MAX_DELIVERIES_IN_FLIGHT);

        // Meeting the limit ends the repeats; every escalation raised is then delivered once the receiver takes them.
        receiver.refusing = false;
        const ids = (await h.send(handle, { type: 'REGISTER' })).escalations.map((e) => e.id);
        expect(ids.length).toBeGreaterThanOrEqual(view.escalations.length);
        await h.env.sleep('10 minutes'); // past the longest retry backoff (5 minutes)
        await receiver.until((r) => ids.every((id) => r.attempts(id).some((a) => a.answered === 200)), 'every escalation taken');
      } finally {
        receiver.refusing = false;
        await h.stop(handle).catch(() => undefined);
      }
    }, { url, secret: SECRET });
  });
});
