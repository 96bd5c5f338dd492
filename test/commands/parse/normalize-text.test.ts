import { normalizeText } from '../../../src/commands/parse/normalize-text';

describe('normalizeText', () => {
  it.each([
    ['<at>msa-warden</at> find sMSAs on SRV01', 'find sMSAs on SRV01'],
    ['<at id="1">MSA\nWarden</at>help', 'help'],
    ['<div><p>list&nbsp;sMSAs</p></div>', 'list sMSAs'],
    ['find on a&lt;b&gt;c &amp; d', 'find on a<b>c & d'],
    ['&#39;x&#x27; &quot;y&quot;', '\'x\' "y"'],
    ['&lt;b&gt;not a tag&lt;/b&gt;', '<b>not a tag</b>'],
    ['*)(objectClass=*', '*)(objectClass=*'],
    ['a<b and c>d', 'a<b and c>d'],
    ['&unknown; &#0; &#x110000;', '&unknown; &#0; &#x110000;'],
    ['  many   spaces\there  ', 'many spaces here'],
  ])('%j → %j', (text, expected) => {
    expect(normalizeText(text)).toBe(expected);
  });
});
