import type { StatusInfo } from '../../core/types.js';

/** Display name used in problems and verdicts. */
export const ZENDER_NAME = 'Zender';

/** Zender has no sent-message status webhook, only received events (providers.md section 4). */
export const zenderStatuses: ReadonlyMap<string, StatusInfo> = new Map();

/** No error codes either. */
export const zenderErrors: ReadonlyMap<string, string> = new Map();
