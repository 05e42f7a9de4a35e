/**
 * Stable, typed error codes. Each package declares its codes once with `defineErrors`; every code
 * carries a human message, an HTTP status, a WebSocket close code and whether a retry can help.
 * docs/errors.md lists every code of every catalog, and a test keeps the two in step.
 */

export interface ErrorSpec {
  /** Default human-readable message. */
  readonly message: string;
  /** HTTP status to answer with when this error ends a request. */
  readonly http: number;
  /** WebSocket close code when this error ends a connection (4000-4999 are ours). */
  readonly wsClose: number;
  /** Whether the same call may succeed if retried later. */
  readonly retryable: boolean;
}

export interface ErrorCatalog<C extends string> {
  readonly name: string;
  readonly specs: Readonly<Record<C, ErrorSpec>>;
  readonly codes: readonly C[];
  /** Builds a typed error of this catalog. */
  error(code: C, detail?: string, options?: { cause?: unknown; context?: Record<string, unknown> }): HordeError<C>;
  /** True when `err` is a HordeError of this catalog (optionally of one code). */
  is(err: unknown, code?: C): err is HordeError<C>;
}

export class HordeError<C extends string = string> extends Error {
  override readonly name = 'HordeError';
  readonly code: C;
  readonly catalog: string;
  readonly http: number;
  readonly wsClose: number;
  readonly retryable: boolean;
  readonly context: Record<string, unknown> | undefined;

  constructor(catalog: string, code: C, spec: ErrorSpec, detail?: string, options?: { cause?: unknown; context?: Record<string, unknown> }) {
    super(detail ? `${spec.message}: ${detail}` : spec.message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.catalog = catalog;
    this.code = code;
    this.http = spec.http;
    this.wsClose = spec.wsClose;
    this.retryable = spec.retryable;
    this.context = options?.context;
  }

  /** A JSON-safe view for API answers and logs (never includes the cause's stack). */
  toJSON(): { code: C; message: string; retryable: boolean; context?: Record<string, unknown> } {
    return { code: this.code, message: this.message, retryable: this.retryable, ...(this.context ? { context: this.context } : {}) };
  }
}

export function defineErrors<const S extends Record<string, ErrorSpec>>(name: string, specs: S): ErrorCatalog<Extract<keyof S, string>> {
  type C = Extract<keyof S, string>;
  const codes = Object.keys(specs) as C[];
  return {
    name,
    specs: specs as unknown as Record<C, ErrorSpec>,
    codes,
    error(code, detail, options) {
      return new HordeError<C>(name, code, specs[code] as ErrorSpec, detail, options);
    },
    is(err: unknown, code?: C): err is HordeError<C> {
      return err instanceof HordeError && err.catalog === name && (code === undefined || err.code === code);
    },
  };
}

/** Compile-time exhaustiveness check for switches over codes and unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
