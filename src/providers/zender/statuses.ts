import type { StatusInfo } from '../../core/types.js';

/** Display name used in problems and verdicts. */
export const NAME = 'Zender';

/** Zender has no sent-message status webhook, only received events (docs/providers.md#zender-payloads). */
export const STATUSES: ReadonlyMap<string, StatusInfo> = new Map();
