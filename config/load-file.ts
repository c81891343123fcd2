import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/** A config file that cannot be used: the message names the file, the field path and what is wrong. */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

function fieldPath(path: PropertyKey[]): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(root)';
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
    const problems = parsed.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`).join('; ');
    throw new ConfigFileError(`${what} file ${file}: ${problems}`);
  }
  return parsed.data;
}
