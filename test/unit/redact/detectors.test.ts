import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passesLuhn } from '../../../src/redact/detectors.js';
import { redactText } from '../../../src/redact/redact-text.js';
import type { PiiDetector } from '../../../src/redact/types.js';

/** Each detector alone, so a case proves that detector and no other. */
function only(detector: PiiDetector): (text: string) => string {
  const options = { redactPii: [detector] };
  return (text) => redactText(text, options);
}

const CASES: Record<PiiDetector, { masked: [string, string][]; kept: string[] }> = {
  email: {
    masked: [
      ['write to jane.doe+tag@example.co.uk today', 'write to [REDACTED:email] today'],
      ['{"to":"a_b@sub.example.com"}', '{"to":"[REDACTED:email]"}'],
    ],
    kept: ['user@localhost', 'price @ 5 dollars', 'foo@bar'],
  },
  phone: {
    masked: [
      ['call +1 (555) 123-4567 now', 'call [REDACTED:phone] now'],
      ['UK +44 20 7946 0958', 'UK [REDACTED:phone]'],
      ['555-123-4567', '[REDACTED:phone]'],
      ['(555) 123-4567', '[REDACTED:phone]'],
      ['555.123.4567', '[REDACTED:phone]'],
    ],
    kept: ['order 1234567890', 'date 2024-01-15', 'version 10.2.3', '+12', 'pi 3.1415926535'],
  },
  creditCard: {
    masked: [
      ['card 4111 1111 1111 1111 ok', 'card [REDACTED:creditCard] ok'],
      ['4111-1111-1111-1111', '[REDACTED:creditCard]'],
      ['amex 378282246310005', 'amex [REDACTED:creditCard]'],
      ['5555555555554444', '[REDACTED:creditCard]'],
    ],
    // 16 digits failing Luhn, too short, too long.
    kept: ['id 1234567812345678', '4111 1111 1111 1112', '411111111111', '41111111111111111111111'],
  },
  ssn: {
    masked: [['ssn 123-45-6789.', 'ssn [REDACTED:ssn].']],
    kept: ['000-12-3456', '666-12-3456', '123-00-4567', '123-45-0000', '123456789', '2024-01-15', '1123-45-6789'],
  },
  ipAddress: {
    masked: [
      ['from 192.168.1.10.', 'from [REDACTED:ipAddress].'],
      ['v6 2001:db8::8a2e:370:7334 and ::1', 'v6 [REDACTED:ipAddress] and [REDACTED:ipAddress]'],
      ['link fe80::1%eth0', 'link [REDACTED:ipAddress]'],
      ['full 2001:0db8:85a3:0000:0000:8a2e:0370:7334', 'full [REDACTED:ipAddress]'],
    ],
    kept: ['999.1.1.1', '12:30:45', 'mac 00:1a:2b:3c:4d:5e', 'version 1.2.3', '"a":"b"'],
  },
  apiKey: {
    masked: [
      ['sk-proj-abcdefghijklmnop1234', '[REDACTED:apiKey]'],
      ['key sk-ant-api03-abcdefghijklmnopqrstuv end', 'key [REDACTED:apiKey] end'],
      ['api_key=abcdef123456&x=1', 'api_key=[REDACTED:apiKey]&x=1'],
      ['{"token": "zzzzzzzzz"}', '{"token": "[REDACTED:apiKey]"}'],
      ['password: hunter22', 'password: [REDACTED:apiKey]'],
    ],
    kept: ['task-abc', 'sk-short', 'max_tokens: 100', 'tokens: 5', 'password: no'],
  },
  bearerToken: {
    masked: [['Authorization: Bearer abc.def.ghi123456', 'Authorization: Bearer [REDACTED:bearerToken]']],
    kept: ['the bearer of news', 'Bearer x'],
  },
  jwt: {
    masked: [
      [
        'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U!',
        'jwt [REDACTED:jwt]!',
      ],
    ],
    kept: ['eyJ alone', 'eyJabc.def'],
  },
  awsKey: {
    masked: [['aws AKIAIOSFODNN7EXAMPLE.', 'aws [REDACTED:awsKey].']],
    kept: ['AKIA123', 'XAKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLEX'],
  },
};

describe('built-in detectors', () => {
  for (const [detector, { masked, kept }] of Object.entries(CASES) as [PiiDetector, (typeof CASES)[PiiDetector]][]) {
    describe(detector, () => {
      const redact = only(detector);
      for (const [input, expected] of masked) {
        it(`masks ${JSON.stringify(input)}`, () => assert.equal(redact(input), expected));
      }
      for (const input of kept) {
        it(`keeps ${JSON.stringify(input)}`, () => assert.equal(redact(input), input));
      }
    });
  }

  it('runs all detectors together without one masking what another labelled', () => {
    const text =
      'Bearer sk-proj-abcdefghijklmnop1234 from jane@example.com at 10.0.0.1, card 4111111111111111, ssn 123-45-6789, call 555-123-4567';
    assert.equal(
      redactText(text),
      'Bearer [REDACTED:bearerToken] from [REDACTED:email] at [REDACTED:ipAddress], card [REDACTED:creditCard], ssn [REDACTED:ssn], call [REDACTED:phone]'
    );
  });

  it('finds secrets right after a JSON escape (`\\n`, `\\t`, `\\"`, `\\u00e9`) and keeps the escape whole', () => {
    const text = JSON.stringify({
      a: 'x\njane@example.com',
      b: 'y\tsk-abcdefghijklmnopqrstuvwx',
      c: '\u00e9+1 415 555 2671\n555-123-4567',
      d: 'z\nBearer abcdefghijkl\n4111 1111 1111 1111\nfe80::1\n123-45-6789',
      e: JSON.stringify({ password: 'hunter22' }),
    });
    const out = redactText(text);
    for (const secret of ['jane@', 'sk-abc', '415', '555', 'abcdefghijkl', '4111', 'fe80', '6789', 'hunter22']) {
      assert.ok(!out.includes(secret), `${secret} in ${out}`);
    }
    assert.deepEqual(JSON.parse(out), {
      a: 'x\n[REDACTED:email]',
      b: 'y\t[REDACTED:apiKey]',
      c: '\u00e9[REDACTED:phone]\n[REDACTED:phone]',
      d: 'z\nBearer [REDACTED:bearerToken]\n[REDACTED:creditCard]\n[REDACTED:ipAddress]\n[REDACTED:ssn]',
      e: '{"password":"[REDACTED:apiKey]"}',
    });
  });

  it('finds values after word prefixes such as ref- and id_', () => {
    const cases: [string, string][] = [
      ['ref-jane.doe@example.com', '[REDACTED:email]'],
      ['id_4111111111111111', 'id_[REDACTED:creditCard]'],
      ['ref-4111-1111-1111-1111', 'ref-[REDACTED:creditCard]'],
      ['ref-123-45-6789', 'ref-[REDACTED:ssn]'],
      ['id_555-123-4567', 'id_[REDACTED:phone]'],
      ['id_+14155552671', 'id_[REDACTED:phone]'],
      ['id_eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefgh', 'id_[REDACTED:jwt]'],
    ];
    for (const [input, expected] of cases) assert.equal(redactText(input), expected, input);
  });

  it('keeps ordinary text, code and identifiers, JSON escapes included', () => {
    const kept = [
      JSON.stringify({ content: 'Hello,\nplease summarise the report.\n\tThanks!\nnew line\ttab\u00e9' }),
      'uuid 123e4567-e89b-12d3-a456-426614174000 sha 9fceb02d0ae598e95dc970b74767f19372d61af8',
      'date 2024-01-15T10:20:30Z, version v1.2.3-4567, build_2024-01-15, order_id: 12345678',
      'path C:\\new\\table\\file.txt and "\\n".join(lines)',
      'item_12345 sku-998877 ref-AB12 id_42 page_1234-5678 node-18.19.0 1123-45-6789',
      JSON.stringify({ tokens: 5, max_tokens: 100, note: 'tokenizer: bpe' }),
    ];
    for (const text of kept) assert.equal(redactText(text), text);
  });

  it('scans long text without matches in linear-looking time (no catastrophic backtracking)', () => {
    const text = 'a'.repeat(200_000) + '@' + '1'.repeat(50_000) + ':'.repeat(50_000);
    assert.equal(redactText(text), text);
  });
});

describe('passesLuhn', () => {
  it('accepts valid card numbers and rejects off-by-one ones', () => {
    assert.equal(passesLuhn('4111 1111 1111 1111'), true);
    assert.equal(passesLuhn('4111 1111 1111 1112'), false);
    assert.equal(passesLuhn('79927398713'), false, 'valid Luhn but too short for a card');
  });
});
