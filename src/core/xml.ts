import { createRequire } from 'node:module';

type Fxp = typeof import('fast-xml-parser');
// Loaded on first use, like iconv-lite in charset.ts: most runs never see an XML body.
let fxp: Fxp | undefined;
const xmlLib = (): Fxp => (fxp ??= createRequire(import.meta.url)('fast-xml-parser') as Fxp);

/** Deepest nesting parsed in a JSON or XML body; deeper ones keep their text but get no fields. */
export const MAX_NESTING = 100;

/** Entity limits: a billion-laughs document fails to parse instead of expanding. */
let parser: InstanceType<Fxp['XMLParser']> | undefined;
const xmlParser = (): InstanceType<Fxp['XMLParser']> => (parser ??= new (xmlLib().XMLParser)({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: {
    enabled: true,
    maxEntitySize: 1000,
    maxExpansionDepth: 5,
    maxTotalExpansions: 100,
    maxExpandedLength: 10000,
    maxEntityCount: 20,
  },
  htmlEntities: false,
  maxNestedTags: MAX_NESTING,
}));

/** Parses an XML document to plain objects; throws a one-line Error when it is not well-formed. */
export function parseXml(text: string): Record<string, unknown> {
  const valid = xmlLib().XMLValidator.validate(text);
  if (valid !== true) {
    throw new Error(`invalid XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  try {
    return xmlParser().parse(text) as Record<string, unknown>;
  } catch (e) {
    if (/nested tags/i.test((e as Error).message)) throw new Error(`nested deeper than ${MAX_NESTING} levels: fields not parsed`);
    throw e;
  }
}
