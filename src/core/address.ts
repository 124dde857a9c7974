/** Hosts and ports as sockets take them: one home for the CLI's flags, the library and the URL checks. */

/** What `--port` and `startCaptureServer({ port })` accept, in the words their errors use. */
export const PORT_RANGE = 'a port from 0 to 65535 (0 picks a free port)';

export const isPort = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65535;

/** A URL's hostname without the brackets WHATWG URL keeps around IPv6 (`[::1]` → `::1`), as `net.connect` and comparisons need it. */
export const unbracketHost = (hostname: string): string => hostname.replace(/^\[|\]$/g, '');
