/** Stable error codes; callers branch on `code`, never on message text. */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_UNKNOWN_PROVIDER'
  | 'E_UNKNOWN_FIXTURE'
  | 'E_BAD_ID'
  | 'E_PORT_IN_USE'
  | 'E_BIND'
  | 'E_STORE'
  | 'E_UNREACHABLE'
  | 'E_FILE'
  | 'E_TIMEOUT'
  | 'E_TUNNEL'
  | 'E_TLS'
  | 'E_INTERRUPTED';

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  negative: 1,
  usage: 2,
  environment: 3,
  internal: 70,
  interrupted: 130,
} as const;

const exitByCode: Record<ErrorCode, number> = {
  E_USAGE: EXIT.usage,
  E_UNKNOWN_PROVIDER: EXIT.usage,
  E_UNKNOWN_FIXTURE: EXIT.usage,
  E_BAD_ID: EXIT.usage,
  E_PORT_IN_USE: EXIT.environment,
  E_BIND: EXIT.environment,
  E_STORE: EXIT.environment,
  E_UNREACHABLE: EXIT.environment,
  E_FILE: EXIT.environment,
  E_TIMEOUT: EXIT.negative,
  E_TUNNEL: EXIT.environment,
  E_TLS: EXIT.environment,
  E_INTERRUPTED: EXIT.interrupted,
};

/** An expected failure: printed as one line `webhook-kit: <message>`, no stack. */
export class KitError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'KitError';
  }

  get exitCode(): number {
    return exitByCode[this.code];
  }
}

export const isKitError = (e: unknown): e is KitError => e instanceof KitError;
