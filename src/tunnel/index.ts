/**
 * `listen --tunnel` / `--public-url` / `--tls`: a feature that prints nothing. listen wires it:
 * parse the flag (parseTunnelSpec / parsePublicUrl), start a Tunnel on the server's port with
 * awaitArrival = arrivalsFrom(server), and draw its 'up' / 'down' / 'probe' events.
 */
export { parsePublicUrl, parseTunnelSpec, engineLabel, TUNNEL_CHOICES, type TunnelSpec, type TunnelEngine, type SshService } from './spec.js';
export { Tunnel, type TunnelEvents, type TunnelOptions } from './tunnel.js';
export { probePublicUrl, arrivalsFrom, type AwaitArrival, type ProbeResult, type ProbeKind, type ProbeOptions } from './probe.js';
export { ensureLocalCert, loadTlsFiles, phoneTrustSteps, adbReverseRecipe, UNTRUSTED_CA_ERROR, type TlsMaterial } from './tls.js';
export { onTunnelState, tunnelView, calledUrl, rememberPublicUrl, lastUrlFile, urlChangedWarning, type TunnelState, type TunnelView } from './state.js';
