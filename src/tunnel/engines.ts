import { cloudflaredPlan, tailscalePlan } from './hosted.js';
import { ngrokPlan } from './ngrok.js';
import type { EnginePlan } from './plan.js';
import type { TunnelSpec } from './spec.js';
import { sshPlan } from './ssh.js';

export type { EnginePlan, LineFacts } from './plan.js';
export { freeLoopbackPort } from './plan.js';
export { sshHost } from './ssh.js';
export { ngrokMessage } from './ngrok.js';

/** The plan for one start of `spec` forwarding to 127.0.0.1:localPort. */
export async function planFor(spec: Exclude<TunnelSpec, { engine: 'url' }>, localPort: number, env: NodeJS.ProcessEnv): Promise<EnginePlan> {
  if (spec.engine === 'ssh') return sshPlan(spec, localPort, env);
  if (spec.engine === 'cloudflared') return cloudflaredPlan(spec, localPort);
  if (spec.engine === 'ngrok') return ngrokPlan(localPort, env);
  return tailscalePlan(localPort, env);
}
