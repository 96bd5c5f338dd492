/**
 * Whether msa-warden's answers equal the generator's ground truth: the sMSAs of sampled hosts (what
 * `find sMSAs on HOST` shows) and the privileged-membership findings (what `audit privileged sMSAs`
 * shows), read through the production directory code. Used by the bench and its smoke test.
 */
import { runPrivilegedAudit } from '../../src/audit/run-audit';
import type { AuditConfig } from '../../src/domain/audit-config';
import { dnKey } from '../../src/domain/dn-key';
import { LdapAuditSource } from '../../src/directory/ldap-audit-source';
import type { LdapDirectory } from '../../src/directory/ldap-directory';
import { hostName, type GroundTruth } from './bench-domain';

export interface GroundTruthComparison {
  hostsChecked: number;
  privilegedAccounts: number;
  /** one line per difference; empty when the answers equal the ground truth */
  mismatches: string[];
}

const bare = (name: string): string => name.replace(/\$$/, '');

export async function checkGroundTruth(
  directory: LdapDirectory,
  truth: GroundTruth,
  options: { rootDn: string; config: AuditConfig; hostSample: number; now?: Date },
): Promise<GroundTruthComparison> {
  const mismatches: string[] = [];
  // every k-th host, with and without sMSAs: the same sample on every run
  const step = Math.max(1, Math.floor(truth.size.computers / options.hostSample));
  const hosts: string[] = [];
  for (let i = 1; i <= truth.size.computers && hosts.length < options.hostSample; i += step)
    hosts.push(hostName(i));
  for (const host of hosts) {
    const computer = await directory.findComputer(host);
    if (computer === null) {
      mismatches.push(`${host}: not found`);
      continue;
    }
    const accounts = await directory.getServiceAccountsByDn(computer.hostedServiceAccountDns);
    const got = accounts.map((a) => bare(a.samAccountName)).sort();
    const want = truth.hosts[host] ?? [];
    if (got.join(',') !== want.join(','))
      mismatches.push(`${host}: answered [${got.join(', ')}], expected [${want.join(', ')}]`);
  }

  const root = dnKey(options.rootDn);
  // what `audit privileged sMSAs` reads and runs
  const facts = (await new LdapAuditSource(directory).readMembershipFacts({ kind: 'all' })).filter((f) =>
    dnKey(f.account.distinguishedName).endsWith(root),
  );
  const findings = runPrivilegedAudit(facts, { now: options.now ?? new Date(), config: options.config });
  const answered = new Map<string, { group: string; chain: string[] }[]>();
  for (const finding of findings) {
    const path = finding.evidence.find((e) => e.label === 'Path')?.value ?? '';
    const chain = path.split(' → ').slice(1);
    const group = chain[chain.length - 1] ?? '';
    const name = bare(finding.account.samAccountName);
    answered.set(name, [...(answered.get(name) ?? []), { group, chain }]);
  }
  const names = new Set([...answered.keys(), ...Object.keys(truth.privileged)]);
  for (const name of [...names].sort()) {
    const got = (answered.get(name) ?? []).sort((a, b) => a.group.localeCompare(b.group));
    const want = truth.privileged[name] ?? [];
    const text = (list: { group: string; chain: string[] }[]): string =>
      list.map((m) => `${m.group} in ${m.chain.length} step(s)`).join('; ') || 'nothing';
    // chains of equal length may differ where an account reaches a group two ways; lengths may not
    if (text(got) !== text(want)) mismatches.push(`${name}: answered ${text(got)}, expected ${text(want)}`);
  }
  return { hostsChecked: hosts.length, privilegedAccounts: answered.size, mismatches };
}
