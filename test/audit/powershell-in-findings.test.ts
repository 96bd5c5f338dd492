import { runAudit } from '../../src/audit/run-audit';
import { defaultAuditConfig } from '../../src/domain/audit-config';
import { buildFacts } from './support/facts-fixture';

const NOW = new Date('2025-06-01T12:00:00Z');

/**
 * PowerShell reads the typographic quotes U+2018–U+201B as `'`: a name holding one must have it doubled
 * in every suggested command, or the rest of the name runs as code.
 */
describe.each(['\u2018', '\u2019', '\u201A', '\u201B', "'"])('a name with %s in a finding', (quote) => {
  const name = `svc${quote}; Remove-ADUser x; ${quote}`;
  const facts = buildFacts(
    {
      account: {
        name,
        trustedForDelegation: true,
        useDesKeyOnly: true,
        allowedToDelegateTo: ['cifs/fs01'],
        passwordLastSetAt: null,
      },
    },
    NOW,
  );
  const findings = runAudit([facts], { now: NOW, config: defaultAuditConfig });
  const commands = findings.filter((f) => f.mitigation.includes('-Identity '));

  it('is quoted with the quote doubled in the suggested command', () => {
    expect(commands.length).toBeGreaterThanOrEqual(3);
    const doubled = `'svc${quote}${quote}; Remove-ADUser x; ${quote}${quote}$'`;
    for (const finding of commands) expect(finding.mitigation).toContain(`-Identity ${doubled}`);
  });

  it('never leaves the quote single, where it would end the string', () => {
    for (const finding of commands) {
      expect(finding.mitigation).not.toMatch(new RegExp(`svc${quote}; Remove`));
    }
  });
});
