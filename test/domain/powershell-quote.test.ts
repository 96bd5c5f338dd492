import { powershellQuote } from '../../src/domain/powershell-quote';

describe('powershellQuote', () => {
  it.each([
    ['SRV01', "'SRV01'"],
    ["O'Brien", "'O''Brien'"],
    ["'; Remove-Item C:\\ -Recurse; '", "'''; Remove-Item C:\\ -Recurse; '''"],
    ['$(Get-Process) `n $env:PATH', "'$(Get-Process) `n $env:PATH'"],
    ['it\u2019s', "'it\u2019\u2019s'"],
    ['\u2018x\u201B', "'\u2018\u2018x\u201B\u201B'"],
    ['', "''"],
  ])('%s → %s', (text, quoted) => {
    expect(powershellQuote(text)).toBe(quoted);
  });
});
