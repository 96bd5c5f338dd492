import type { Computer } from '../../src/domain/computer';
import type { Directory } from '../../src/domain/directory';
import { DirectoryError } from '../../src/domain/directory-error';
import type { ServiceAccount, ServiceAccountKind } from '../../src/domain/service-account';
import { loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/config/logger';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import {
  TENANT_ID,
  cardAction,
  cardText,
  channelMessage,
  personalMessage,
  postActivity,
} from '../support/bot-harness';
import { startBotOverHttp, stopBotOverHttp } from '../support/bot-over-http';
import { startConnectorServer } from '../support/connector-server';
import { FakeAuditSource } from '../support/fake-audit-source';
import type { AccountFacts } from '../../src/domain/audit-facts';
import type { ConnectorServer } from '../support/connector-server';

const BASE_DN = 'DC=corp,DC=example,DC=test';
const SRV01_DN = `CN=SRV01,OU=Servers,${BASE_DN}`;

function computer(name: string, hosted: string[]): Computer {
  return {
    distinguishedName: `CN=${name},OU=Servers,${BASE_DN}`,
    name,
    samAccountName: `${name}$`,
    dnsHostName: `${name.toLowerCase()}.corp.example.test`,
    sid: 'S-1-5-21-1-2-3-1101',
    enabled: true,
    operatingSystem: 'Windows Server 2022',
    hostedServiceAccountDns: hosted,
  };
}

function account(name: string, hostDns: string[], kind: ServiceAccountKind = 'sMSA'): ServiceAccount {
  return {
    kind,
    distinguishedName: `CN=${name},CN=Managed Service Accounts,${BASE_DN}`,
    name,
    samAccountName: `${name}$`,
    sid: 'S-1-5-21-1-2-3-1201',
    guid: '00000000-0000-0000-0000-000000000001',
    description: null,
    managedBy: null,
    enabled: true,
    trustedForDelegation: false,
    trustedToAuthForDelegation: false,
    notDelegated: false,
    useDesKeyOnly: false,
    servicePrincipalNames: [],
    passwordLastSetAt: new Date('2025-01-01T00:00:00Z'),
    lastLogonAt: null,
    createdAt: new Date('2024-01-01T00:00:00Z'),
    hostComputerDns: hostDns,
    memberOfDns: [],
    supportedEncryptionTypes: 24,
    allowedToDelegateTo: [],
    adminCount: null,
    passwordIntervalDays: kind === 'gMSA' ? 30 : null,
  };
}

/** A two-host directory; `down` makes every call fail like an unreachable DC. */
class FakeDirectory implements Directory {
  down = false;
  closed = 0;
  readonly accounts = [
    account('svc_sql01', [SRV01_DN]),
    account('svc_web01', [SRV01_DN]),
    account('svc_orphan', []),
  ];
  readonly computers = [
    computer('SRV01', [this.accounts[0]!.distinguishedName, this.accounts[1]!.distinguishedName]),
    computer('SRV02', []),
  ];

  private guard(): void {
    if (this.down) throw new DirectoryError('unreachable', 'connect ECONNREFUSED 127.0.0.1:636');
  }
  findComputer(host: string): Promise<Computer | null> {
    this.guard();
    const key = host.toLowerCase().replace(/\$$/, '');
    return Promise.resolve(
      this.computers.find((c) => c.name.toLowerCase() === key || c.dnsHostName?.toLowerCase() === key) ??
        null,
    );
  }
  listComputerNames(): Promise<string[]> {
    this.guard();
    return Promise.resolve(this.computers.map((c) => c.name));
  }
  findServiceAccount(name: string): Promise<ServiceAccount | null> {
    this.guard();
    return Promise.resolve(this.accounts.find((a) => a.name.toLowerCase() === name.toLowerCase()) ?? null);
  }
  listServiceAccounts(kinds: readonly ServiceAccountKind[] = ['sMSA', 'gMSA']): Promise<ServiceAccount[]> {
    this.guard();
    return Promise.resolve(this.accounts.filter((a) => kinds.includes(a.kind)));
  }
  getServiceAccountsByDn(dns: readonly string[]): Promise<ServiceAccount[]> {
    this.guard();
    return Promise.resolve(dns.flatMap((dn) => this.accounts.filter((a) => a.distinguishedName === dn)));
  }
  getComputersByDn(dns: readonly string[]): Promise<Computer[]> {
    this.guard();
    return Promise.resolve(dns.flatMap((dn) => this.computers.filter((c) => c.distinguishedName === dn)));
  }
  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

const ENV = {
  LDAP_URL: 'ldaps://127.0.0.1:1',
  LDAP_BIND_DN: `CN=svc-warden,${BASE_DN}`,
  LDAP_BIND_PASSWORD: 'unit-test-password',
  LDAP_BASE_DN: BASE_DN,
  SQLITE_PATH: ':memory:',
  // these tests are about commands, not access (test/access/ covers that)
  ACCESS_OPEN: 'true',
};

describe('startBot with the real commands over a fake directory', () => {
  let connector: ConnectorServer;
  let directory: FakeDirectory;
  let bot: RunningBot;
  let logLines: string[];

  beforeEach(async () => {
    directory = new FakeDirectory();
    logLines = [];
    ({ connector, bot } = await startBotOverHttp(ENV, {
      directory,
      logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
      now: () => new Date('2025-02-01T00:00:00Z'),
    }));
  });
  afterEach(() => stopBotOverHttp({ connector, bot }));

  it('listens on the port it reports', () => {
    expect(bot.port).toBeGreaterThan(0);
    expect(bot.messagesUrl).toBe(`http://127.0.0.1:${bot.port}/api/messages`);
  });

  it('answers "find sMSAs on SRV01" in a channel with a card naming exactly the linked accounts', async () => {
    await postActivity(
      bot.messagesUrl,
      channelMessage('find sMSAs on SRV01', { serviceUrl: connector.serviceUrl }),
    );
    const [reply] = await connector.waitForActivities(1);

    expect(reply!.body.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const text = cardText(reply!);
    expect(text).toContain('svc_sql01');
    expect(text).toContain('svc_web01');
    expect(text).not.toContain('svc_orphan');
  });

  it('answers with an error card when the directory is down, then answers help', async () => {
    directory.down = true;
    await postActivity(
      bot.messagesUrl,
      personalMessage('find sMSAs on SRV01', { serviceUrl: connector.serviceUrl }),
    );
    await postActivity(bot.messagesUrl, personalMessage('help', { serviceUrl: connector.serviceUrl }));
    const [failure, help] = await connector.waitForActivities(2);

    expect(cardText(failure!)).not.toContain('ECONNREFUSED');
    expect(cardText(failure!)).not.toContain('svc_sql01');
    expect(cardText(help!)).toContain('find sMSAs on');
    expect(logLines.join('\n')).not.toContain('unit-test-password');
  });

  it('answers a "show" card click with the account card in the invoke response', async () => {
    const posted = await postActivity(
      bot.messagesUrl,
      cardAction('show', { account: 'svc_web01' }, { serviceUrl: connector.serviceUrl }),
    );

    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const value = JSON.stringify((posted.body as { value: unknown }).value);
    expect(value).toContain('svc_web01');
    expect(value).not.toContain('svc_sql01');
  });

  it('remembers the conversation on the embedded store and retires it when the bot is uninstalled', async () => {
    const message = personalMessage('help', { serviceUrl: connector.serviceUrl });
    const conversationId = (message.conversation as { id: string }).id;
    await postActivity(bot.messagesUrl, message);
    await connector.waitForActivities(1);

    const stored = await bot.store.getConversation(conversationId);
    expect(stored).toMatchObject({ id: conversationId, tenantId: TENANT_ID, active: true });
    expect(JSON.stringify(stored!.reference)).toContain(connector.serviceUrl);

    const { text: _text, textFormat: _format, ...rest } = message;
    await postActivity(bot.messagesUrl, {
      ...rest,
      id: 'uninstall-1',
      type: 'installationUpdate',
      action: 'remove',
    });
    expect((await bot.store.listActiveConversations()).map((c) => c.id)).not.toContain(conversationId);
  });

  it('leaves a directory it was given open on stop', async () => {
    await bot.stop();
    expect(directory.closed).toBe(0);
    await expect(fetch(`${bot.baseUrl}/healthz`)).rejects.toThrow('fetch failed');
    // afterEach stops again: stop must be idempotent
  });
});

describe('startBot with the audit settings of the configuration', () => {
  let connector: ConnectorServer;
  let bot: RunningBot | undefined;

  beforeEach(async () => {
    connector = await startConnectorServer();
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await connector.close();
  });

  /** The text of the reply to "audit SRV01", whose sMSAs' passwords are 31 days old. */
  async function auditSrv01(env: Record<string, string>): Promise<string> {
    const directory = new FakeDirectory();
    const facts = directory.accounts.map((account): AccountFacts => ({
      account,
      hosts: directory.computers.filter((c) => account.hostComputerDns.includes(c.distinguishedName)),
      memberships: [],
      owner: null,
      aclEntries: [],
      rbcdPrincipals: [],
      passwordReaders: null,
      duplicateSpns: [],
    }));
    bot = await startBot(loadConfig({ ...ENV, ...env }), {
      directory,
      auditSource: new FakeAuditSource(facts),
      port: 0,
      host: '127.0.0.1',
      logger: createLogger({ level: 'silent' }),
      now: () => new Date('2025-02-01T00:00:00Z'),
    });
    await postActivity(bot.messagesUrl, personalMessage('audit SRV01', { serviceUrl: connector.serviceUrl }));
    const [reply] = await connector.waitForActivities(1);
    return cardText(reply!);
  }

  it('finds no late rotation within the default 30 days + grace', async () => {
    const text = await auditSrv01({});
    expect(text).toContain('svc_sql01');
    expect(text).not.toContain('Password not rotating');
  });

  it('finds one when AUDIT_MAX_PASSWORD_AGE_DAYS is lower', async () => {
    // the summary's row for the check (its findings open on a click)
    const text = await auditSrv01({ AUDIT_MAX_PASSWORD_AGE_DAYS: '20' });
    expect(text).toContain('Password not rotating');
    expect(text).toContain('2 findings on 2 accounts · password-rotation');
  });
});
