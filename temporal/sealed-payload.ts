import type { LoadedDataConverter } from '@temporalio/common';
import { decodeOptionalSinglePayload, encodeToPayload } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';

const Payload = temporal.api.common.v1.Payload;

/**
 * A value as Temporal itself would store it, through the same payload codec (AES-256-GCM, the keys of
 * CASEFLOW_ENCRYPTION_KEYS), for personal data kept outside Temporal: one scheme, one key rotation.
 */
export async function seal(converter: LoadedDataConverter, value: unknown): Promise<Uint8Array> {
  return Payload.encode(await encodeToPayload(converter, value)).finish();
}

export async function unseal<T>(converter: LoadedDataConverter, bytes: Uint8Array): Promise<T> {
  const value = await decodeOptionalSinglePayload<T>(converter, Payload.decode(bytes));
  if (value === null || value === undefined) throw new Error('sealed payload holds no value');
  return value;
}
