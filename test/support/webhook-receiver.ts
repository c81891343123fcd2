import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

export type Received = { id: string; kind: string; caseId: string; limit: string; level: string | null; target: string; dueAt: string; raisedAt: string; missed?: number };

/**
 * A receiver like a supervision platform's: it checks every signature, refuses the first `refuseFirst`
 * attempts with 503, and keeps what it accepted, deduplicated by id as the contract tells receivers to. It also
 * counts the deliveries it took under each id, so a test can see the repeats that de-duplication hides.
 */
export async function startReceiver(secret: string, refuseFirst = 0) {
  const accepted = new Map<string, Received>();
  const deliveries = new Map<string, Received[]>();
  let attempts = 0;
  let badSignatures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      attempts += 1;
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-caseflow-signature'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        badSignatures += 1;
        res.writeHead(401).end();
        return;
      }
      if (attempts <= refuseFirst) {
        res.writeHead(503).end();
        return;
      }
      const body = JSON.parse(raw.toString()) as Received;
      accepted.set(body.id, body);
      deliveries.set(body.id, [...(deliveries.get(body.id) ?? []), body]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    accepted: () => [...accepted.values()],
    /** Every delivery taken under `id`, in the order they came; at-least-once allows more than one. */
    deliveriesOf: (id: string) => deliveries.get(id) ?? [],
    attempts: () => attempts,
    badSignatures: () => badSignatures,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
