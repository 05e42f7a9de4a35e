import { z } from 'zod';
import { serviceErrors } from './errors';

/** What an environment source looks like (`process.env` in an app's index.ts, a plain object in tests). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

export interface EnvOptions<K extends string> {
  /** Prepended to every key to form the variable name: `{ prefix: 'MINER_' }` reads `PORT` from `MINER_PORT`. */
  readonly prefix?: string;
  /** Keys whose values must never be shown: left out of error messages and redacted from logs. */
  readonly secrets: readonly K[];
}

export interface EnvDefinition<S extends z.ZodRawShape> {
  /** The zod object the coerced variables are checked against (keys without the prefix). */
  readonly schema: z.ZodObject<S>;
  /** Secret keys and their prefixed variable names, for the logger's `secrets` option. */
  readonly secrets: readonly string[];
  /** The variable name of a key (prefix + key). */
  varName(key: keyof S & string): string;
  /**
   * Reads, coerces and checks the variables. Throws `ENV_INVALID` naming every bad or missing
   * variable with its reason; a secret's value never appears in the error.
   */
  load(source: EnvSource): z.output<z.ZodObject<S>>;
}

/**
 * Declares an app's environment. Values are strings; before validation each is coerced according
 * to the schema it meets (looking through optional/default/nullable wrappers):
 * numbers are parsed with `Number`, booleans accept `true/false/1/0` (any case), arrays are comma
 * lists whose items are coerced in turn, everything else (strings, enums, `z.url()`, pipes) gets
 * the raw string. An empty value counts as unset, so `FOO=` falls back to the default.
 */
export function defineEnv<S extends z.ZodRawShape>(shape: S, options: EnvOptions<keyof S & string>): EnvDefinition<S> {
  const prefix = options.prefix ?? '';
  const schema = z.object(shape);
  const varName = (key: string): string => `${prefix}${key}`;
  const secretKeys = new Set<string>(options.secrets);
  const secrets = [...new Set(options.secrets.flatMap((key) => [key, varName(key)]))];

  function load(source: EnvSource): z.output<z.ZodObject<S>> {
    const input: Record<string, unknown> = {};
    for (const [key, fieldSchema] of Object.entries(shape)) {
      const raw = source[varName(key)];
      input[key] = raw === undefined || raw.trim() === '' ? undefined : coerce(raw, fieldSchema);
    }
    const result = schema.safeParse(input);
    if (result.success) return result.data;

    const problems = describeIssues(result.error.issues, input, secretKeys, varName);
    throw serviceErrors.error('ENV_INVALID', problems.map((p) => `${p.variable} ${p.reason}`).join('; '), {
      context: { variables: problems },
    });
  }

  return { schema, secrets, varName, load };
}

interface EnvProblem {
  readonly variable: string;
  readonly reason: string;
}

function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: Record<string, unknown>,
  secretKeys: ReadonlySet<string>,
  varName: (key: string) => string,
): EnvProblem[] {
  const reasons = new Map<string, string[]>();
  for (const issue of issues) {
    const key = String(issue.path[0] ?? '');
    let reason: string;
    if (input[key] === undefined) reason = 'is required';
    else if (secretKeys.has(key)) reason = `is invalid (${issue.code})`;
    else reason = `is invalid: ${issue.message}`;
    const list = reasons.get(key) ?? [];
    if (!list.includes(reason)) list.push(reason);
    reasons.set(key, list);
  }
  return [...reasons].map(([key, list]) => ({ variable: varName(key), reason: list.join(', ') }));
}

/** Wrappers whose inner schema decides how a string is coerced. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

function coerce(raw: string, schema: z.core.$ZodType): unknown {
  const inner = unwrap(schema);
  const value = raw.trim();
  if (inner instanceof z.core.$ZodNumber) return Number(value);
  if (inner instanceof z.core.$ZodBoolean) return parseBoolean(value) ?? raw;
  if (inner instanceof z.core.$ZodArray) {
    const element = inner._zod.def.element;
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map((item) => coerce(item, element));
  }
  return raw;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let inner = schema;
  for (;;) {
    const def = inner._zod.def;
    if (!WRAPPERS.has(def.type) || !('innerType' in def)) return inner;
    inner = def.innerType as z.core.$ZodType;
  }
}

function parseBoolean(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  return undefined;
}
