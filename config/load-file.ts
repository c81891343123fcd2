import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/** A config file that cannot be used: the message names the file, the field path and what is wrong. */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

/** `tokens[2] ("ops").role`: an entry of a list is named by its `name` or `id` too, so the message points at it. */
function fieldPath(path: PropertyKey[], raw: unknown): string {
  if (!path.length) return '(root)';
  let node = raw;
  const parts = path.map((p) => {
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[p] : undefined;
    if (typeof p !== 'number') return `.${String(p)}`;
    // A model's `name` is a pair of languages: its `id` names it then.
    const entry = node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : {};
    const label = [entry.name, entry.id].find((l) => typeof l === 'string');
    return label === undefined ? `[${p}]` : `[${p}] ("${label}")`;
  });
  return parts.join('').replace(/^\./, '');
}

/** Reads a YAML or JSON file (YAML is a superset of JSON) and validates it against `schema`. */
export function loadConfigFile<S extends z.ZodType>(file: string, what: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigFileError(`${what} file ${file}: cannot be read: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${fieldPath(i.path, raw)}: ${i.message}`).join('; ');
    throw new ConfigFileError(`${what} file ${file}: ${problems}`);
  }
  return parsed.data;
}
