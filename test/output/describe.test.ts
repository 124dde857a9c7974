import { afterEach, describe, expect, it } from 'vitest';
import { plain } from '../../src/output/paint.js';
import { describeEvent, eventMeaning, fieldLines, formatLocalDate, unixDate } from '../../src/output/describe.js';
import { inspect } from '../../src/providers/inspect.js';
import { summarise } from '../../src/tui/model.js';
import { sample, testSession } from '../tui/helpers.js';

const TZ = process.env.TZ;
afterEach(() => {
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});

describe('Unix timestamps get their date', () => {
  it('in local time with the UTC offset, for time-named fields only', () => {
    process.env.TZ = 'America/St_Johns';
    expect(formatLocalDate(1_700_000_000_000)).toBe('2023-11-14 18:43:20 -03:30');
    expect(unixDate('time', '1700000000')).toBe('2023-11-14 18:43:20 -03:30');
    expect(unixDate('data.timestamp', 1645684400)).toBe('2022-02-24 03:03:20 -03:30');
    expect(unixDate('sentAt', '1700000000123')).toBe('2023-11-14 18:43:20 -03:30');
    process.env.TZ = 'Asia/Tokyo';
    expect(fieldLines({ id: '123', ts: '1700000000' })).toEqual(['id: 123', 'ts: 1700000000 (2023-11-15 07:13:20 +09:00)']);
    // Not a time: a ten-digit phone number, a time already written as a date, an id.
    expect(unixDate('phone', '2125551234')).toBeNull();
    expect(unixDate('time', '2011-01-01 12:57:46')).toBeNull();
    expect(unixDate('id', '1700000000')).toBeNull();
    expect(unixDate('time', '17000000')).toBeNull();
  });
});

describe('events without a status say what they mean', () => {
  const first = (provider: string, name: string) => inspect(sample(provider, name)).decoded!.events[0]!;

  it('a USSD answer names its code; a call confirmation the number called', () => {
    expect(describeEvent(first('zender', 'ussd'), plain)).toBe('ussd #7 *143# "Your balance is PHP 25.00. Valid until 2022-03-01."');
    expect(eventMeaning(first('zender', 'ussd'))).toBe('*143#: Your balance is PHP 25.00. Valid until 2022-03-01.');
    expect(describeEvent(first('smsc', 'waitcall'), plain)).toBe('call 79991234567 called 74950000000');
    expect(eventMeaning(first('smsc', 'waitcall'))).toBe('call confirmation: called 74950000000');
    expect(eventMeaning(first('smsc', 'incoming'))).toBe(first('smsc', 'incoming').text);
  });

  it("the TUI's MEANING of a waitcall is the call, not the raw body", () => {
    const t = testSession();
    try {
      const row = summarise(t.arrive(sample('smsc', 'waitcall')));
      expect(row.meaning).toBe('call confirmation: called 74950000000');
      expect(summarise(t.arrive(sample('zender', 'ussd'))).meaning).toContain('*143#: Your balance');
    } finally {
      t.close();
    }
  });
});

describe('show sanitises what the request chose', () => {
  it('a charset named in the query with a bidi mark is shown escaped in the Body line', async () => {
    const { captureDetails } = await import('../../src/output/capture-details.js');
    const { viewCapture } = await import('../../src/capture/view.js');
    const t = testSession();
    try {
      const record = t.insert({ method: 'POST', url: '/?charset=cn%e2%80%8f', headers: [], body: Buffer.from([192]) });
      const text = captureDetails(viewCapture(record), plain);
      expect(text).toContain('Body (1 B, text, cn\\u200f)');
      expect(text).not.toMatch(/\u200f/);
    } finally {
      t.close();
    }
  });
});
