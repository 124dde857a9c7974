/** One plain line for a failed HTTP attempt, from undici/Node error codes (no stack). */
export function describeHttpError(e: unknown, url: string, timeoutMs: number): { kind: 'unreachable' | 'timeout' | 'reset' | 'tls' | 'other'; text: string } {
  const err = e as { code?: unknown; message?: string; cause?: { code?: unknown; message?: string } };
  // Some errors (DOMException) carry a numeric code: compare as text.
  const code = String(err.code ?? err.cause?.code ?? '');
  const where = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  if (code === 'ECONNREFUSED') return { kind: 'unreachable', text: `connection refused at ${where}: is your app running?` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'unreachable', text: `cannot resolve ${where} (DNS): check the host name` };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'UND_ERR_CONNECT_TIMEOUT') return { kind: 'unreachable', text: `cannot reach ${where} (${code})` };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') {
    return { kind: 'timeout', text: `no complete answer within ${timeoutMs / 1000} s` };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { kind: 'reset', text: `the connection to ${where} was reset before a complete answer` };
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || /certificate|TLS|SSL/i.test(err.message ?? '')) {
    return { kind: 'tls', text: `TLS failed with ${where}: ${(err.message ?? code).split('\n')[0]}` };
  }
  if (code.startsWith('HPE_') || code === 'UND_ERR_INFO' || (err as { name?: string }).name === 'HTTPParserError') {
    const detail = /\(([^)]+)\)\s*$/.exec(err.message ?? '')?.[1] ?? code;
    return { kind: 'other', text: `${where} answered with invalid HTTP (${detail || 'unparseable answer'})` };
  }
  return { kind: 'other', text: `request to ${where} failed: ${(err.message ?? String(e)).split('\n')[0]}${code ? ` (${code})` : ''}` };
}
