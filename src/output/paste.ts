import { providerById } from '../providers/registry.js';

/** One "paste this" line: the callback URL to enter in a provider's settings, and where. */
export interface CallbackUrl {
  provider: string;
  /** Display name (SMSC.ru, Webcom Mobi, ...). */
  name: string;
  url: string;
  note: string;
}

/**
 * The exact callback URL for each provider on a public base (routes as in the README's provider
 * table). Secrets appear only as placeholders: the user types theirs into the gateway, never into
 * a terminal that may be recorded.
 */
export function callbackUrls(publicBase: string): CallbackUrl[] {
  const base = publicBase.replace(/\/+$/, '');
  const rows: Array<Omit<CallbackUrl, 'name'>> = [
    {
      provider: 'smsc',
      // SMSC.ru handler syntax (handler-url.ts in the smsc provider's folder): charset=utf-8 makes it send UTF-8
      // instead of windows-1251; md5=<secret> asks it to sign, with the secret replaced by the hash.
      url: `${base}/smsc?charset=utf-8&fmt=3&md5=<your-secret>`,
      note: 'SMSC.ru cabinet, User settings, handler URL (one per account); put your own secret for <your-secret>, or drop &md5=... for no signature',
    },
    {
      provider: 'webcom',
      url: `${base}/webcom`,
      note: 'Webcom Mobi has no self-service setting: send this URL to your manager',
    },
    {
      provider: 'smsgateway24',
      url: `${base}/sg24?token=<your-token>`,
      note: 'SMSGateway24 website, device settings: "Webhooks for SMS delivery statuses" and "Webhooks for incoming SMS" (the same URL in both); the token is optional',
    },
    {
      provider: 'zender',
      url: `${base}/zender`,
      note: 'Zender dashboard, Webhooks: this URL, and the webhook secret you pass to listen with --secret zender=<secret>',
    },
  ];
  return rows.map((r) => ({ ...r, name: providerById(r.provider)?.name ?? r.provider }));
}
