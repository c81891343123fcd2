// Contract section 10: the reporter's name, phone and the summary never reach Temporal in clear. Read back from
// Temporal's own history, and across a key rotation; the codec server for the Temporal UI, admin only.
import { randomBytes, randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmCodec, type EncryptionKey } from '../../temporal/encryption-codec';
import { testEncryptionKeys } from '../support/test-keys';
import { startStack, tokens, type Stack } from '../support/stack';
import { createCase, getCase, send } from './helpers';

const reporter = { name: '王小明', phone: '13912345678' };
const summary = 'bicycle taken outside the Xinhua bookshop at dusk';
const utf8 = (s: string) => Buffer.from(s, 'utf8');

async function historyOf(stack: Stack, caseId: string) {
  const { history } = await stack.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: caseId } });
  return history!;
}

/** The case's whole history as Temporal stores and serves it, in its wire form. */
async function rawHistory(stack: Stack, caseId: string): Promise<Buffer> {
  return Buffer.from(temporal.api.history.v1.History.encode(await historyOf(stack, caseId)).finish());
}

/** The report the case was started with, opened with `keys`: the payload really holds it, sealed. */
async function startedWith(stack: Stack, caseId: string, keys: EncryptionKey[]) {
  const started = (await historyOf(stack, caseId)).events![0]!.workflowExecutionStartedEventAttributes!;
  const [payload] = await new AesGcmCodec(keys).decode(started.input!.payloads! as Payload[]);
  return defaultPayloadConverter.fromPayload<{ request: { reporter?: object; summary?: string } }>(payload!);
}

describe('payload encryption', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it('keeps the name, the phone and the summary out of Temporal, sealed in the payloads', async () => {
    const { caseId } = await createCase(stack, { reporter, summary, category: 'administrative' });
    await send(stack, caseId, { type: 'REGISTER' });
    const started = await startedWith(stack, caseId, testEncryptionKeys);
    expect(started.request).toMatchObject({ reporter, summary });

    const history = await rawHistory(stack, caseId);
    expect(history.includes(utf8('binary/encrypted')), 'payloads are sealed by the codec').toBe(true);
    for (const secret of [reporter.name, reporter.phone, summary, 'bookshop']) {
      expect(history.includes(utf8(secret)), `"${secret}" in the raw history`).toBe(false);
    }
  });

  it('serves the codec to admin tokens only, and refuses a payload it cannot open', async () => {
    const plain = { metadata: { encoding: utf8('json/plain').toString('base64') }, data: utf8(JSON.stringify(reporter)).toString('base64') };
    const encoded = await stack.call('POST', '/codec/encode', { payloads: [plain] }, tokens.admin);
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].data, 'base64').includes(utf8(reporter.phone))).toBe(false);
    const decoded = await stack.call('POST', '/codec/decode', encoded.body, tokens.admin);
    expect(decoded.body).toEqual({ payloads: [plain] });

    for (const token of [tokens.caseSystem, tokens.supervisor]) {
      expect((await stack.call('POST', '/codec/decode', encoded.body, token)).status).toBe(403);
    }
    const tampered = structuredClone(encoded.body);
    const bytes = Buffer.from(tampered.payloads[0].data, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    tampered.payloads[0].data = bytes.toString('base64');
    expect((await stack.call('POST', '/codec/decode', tampered, tokens.admin)).status).toBe(400);
  });
});

describe('key rotation', () => {
  const old: EncryptionKey = { id: 'k-2026-06', key: randomBytes(32) };
  const fresh: EncryptionKey = { id: 'k-2026-12', key: randomBytes(32) };
  const taskQueue = `rotation-${randomUUID()}`;

  it('reads and moves on a case written under an older key once a new one leads', async () => {
    const before = await startStack({ taskQueue, encryptionKeys: [old] });
    let caseId: string;
    try {
      ({ caseId } = await createCase(before, { reporter, category: 'administrative' }));
      await send(before, caseId, { type: 'REGISTER' });
    } finally {
      await before.close();
    }

    const after = await startStack({ taskQueue, encryptionKeys: [fresh, old] });
    try {
      expect((await startedWith(after, caseId, [fresh, old])).request.reporter).toEqual(reporter);
      await expect(startedWith(after, caseId, [fresh]), 'the old key is still needed').rejects.toThrow(/k-2026-06/);
      expect((await getCase(after, caseId)).stage).toBe('registered');
      const notified = await send(after, caseId, { type: 'NOTIFY' });
      expect(notified.history.map((h: { type: string }) => h.type)).toEqual(['REGISTER', 'NOTIFY']);
      const history = await rawHistory(after, caseId);
      expect(history.includes(utf8(old.id)) && history.includes(utf8(fresh.id)), 'payloads under both keys').toBe(true);
    } finally {
      await after.close();
    }
  });
});
