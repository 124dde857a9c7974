// The one reader of `--since`/`--until` and the filter words `since:`/`until:` (capture/filter.ts).

const DURATION: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `2h`, `30m`, `7d` (ago, from `now`) or an ISO date/time; null when it is neither. */
export function parseWhen(text: string, now = Date.now()): number | null {
  const m = /^(\d+(?:\.\d+)?)([smhdw])$/i.exec(text.trim());
  if (m) return now - Number(m[1]) * DURATION[m[2]!.toLowerCase()]!;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return null;
  const t = Date.parse(text.trim());
  return Number.isNaN(t) ? null : t;
}
