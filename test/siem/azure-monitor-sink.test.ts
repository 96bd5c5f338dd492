import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ClientSecretCredential } from '@azure/identity';
import { AuditForwarder } from '../../src/audit-trail/forward-audit-trail';
import { azureMonitorSink } from '../../src/siem/azure-monitor-sink';
import { openStore } from '../../src/store/open-store';
import type { Stores } from '../../src/store/open-store';

const RULE = 'dcr-0123456789abcdef0123456789abcdef';
const STREAM = 'Custom-MsaWardenAudit_CL';
const TENANT = '11111111-2222-3333-4444-555555555555';
const KEY = Buffer.from('azure-monitor-sink-test-key-0123456789');

/** A CA and a server certificate for 127.0.0.1 made with openssl, so TLS verification stays on. */
function makeCertificates(dir: string): { ca: string; key: string; cert: string } {
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=msa-warden test CA',
  );
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.cnf',
  );
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return { ca: read('ca.pem'), key: read('server.key'), cert: read('server.pem') };
}

/** Plays the Entra token endpoint and the Logs Ingestion endpoint; fails ingestion while `failing` > 0. */
class FakeAzure {
  readonly received: Record<string, unknown>[][] = [];
  tokenRequests = 0;
  failures = 0;
  /** the next n ingestion requests answer with these statuses */
  failing: number[] = [];
  private server: Server;
  base = '';

  constructor(tls: { key: string; cert: string }) {
    this.server = createServer(tls, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', this.base);
        const json = (status: number, body: unknown): void => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(body));
        };
        if (url.pathname.endsWith('/.well-known/openid-configuration')) {
          return json(200, {
            token_endpoint: `${this.base}/${TENANT}/oauth2/v2.0/token`,
            authorization_endpoint: `${this.base}/${TENANT}/oauth2/v2.0/authorize`,
            end_session_endpoint: `${this.base}/${TENANT}/oauth2/v2.0/logout`,
            issuer: `${this.base}/${TENANT}/v2.0`,
            jwks_uri: `${this.base}/${TENANT}/discovery/v2.0/keys`,
          });
        }
        if (url.pathname === `/${TENANT}/oauth2/v2.0/token`) {
          this.tokenRequests += 1;
          return json(200, {
            token_type: 'Bearer',
            expires_in: 3600,
            ext_expires_in: 3600,
            access_token: 'local-token',
          });
        }
        if (url.pathname === `/dataCollectionRules/${RULE}/streams/${STREAM}`) {
          if (request.headers.authorization !== 'Bearer local-token') return json(401, { error: 'no token' });
          const status = this.failing.shift();
          if (status !== undefined) {
            this.failures += 1;
            return json(status, { error: { code: 'ServiceUnavailable', message: 'try later' } });
          }
          const body = Buffer.concat(chunks);
          const text =
            request.headers['content-encoding'] === 'gzip'
              ? gunzipSync(body).toString('utf8')
              : body.toString('utf8');
          this.received.push(JSON.parse(text) as Record<string, unknown>[]);
          response.writeHead(204);
          return response.end();
        }
        json(404, { error: `unexpected ${request.method} ${url.pathname}` });
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  seqs(): number[] {
    return this.received.flat().map((record) => Number(record.Seq));
  }
}

describe('Azure Monitor sink (real @azure/identity and @azure/monitor-ingestion against a local HTTPS endpoint)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'msa-warden-siem-'));
  const dbPath = join(dir, 'trail.db');
  let tls: { ca: string; key: string; cert: string };
  let azure: FakeAzure;
  let store: Stores;

  const sink = () => {
    const tlsOptions = { ca: tls.ca };
    const credential = new ClientSecretCredential(TENANT, 'client-id', 'client-secret', {
      authorityHost: azure.base,
      disableInstanceDiscovery: true,
      tlsOptions,
    });
    return azureMonitorSink(
      { endpoint: azure.base, ruleId: RULE, streamName: STREAM },
      { credential, clientOptions: { tlsOptions } },
    );
  };
  const append = async (from: number, to: number): Promise<void> => {
    for (let n = from; n <= to; n += 1) {
      await store.auditTrail.appendAudit({
        at: new Date(Date.UTC(2025, 5, 1, 8, 0, n)),
        actor: { id: 'aad-a', name: 'alex@corp.example.test' },
        action: 'turn.message',
        subject: 'conv-1',
        details: { n },
      });
    }
  };
  const waitFor = async (condition: () => boolean): Promise<void> => {
    // bounded by count, not by wall time: each round lets the forwarder's timers run
    for (let round = 0; round < 400 && !condition(); round += 1) await new Promise((r) => setTimeout(r, 25));
    expect(condition()).toBe(true);
  };

  beforeAll(async () => {
    tls = makeCertificates(dir);
    azure = new FakeAzure(tls);
    await azure.listen();
    store = await openStore({ kind: 'sqlite', path: dbPath, auditKey: KEY });
  });
  afterAll(async () => {
    await store.close();
    await azure.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends every entry in order, in batches, and moves the cursor', async () => {
    await append(1, 25);
    const forwarder = new AuditForwarder(store.auditTrail, store.auditSinkCursors, sink(), {
      batchSize: 10,
      pollMs: 20,
      minBackoffMs: 10,
    });
    forwarder.start();
    await waitFor(() => azure.seqs().length === 25);
    await forwarder.stop();
    expect(azure.seqs()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(azure.received.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(azure.received[0]?.[0]).toMatchObject({
      Seq: 1,
      Action: 'turn.message',
      ActorName: 'alex@corp.example.test',
      Details: { n: 1 },
    });
    expect(azure.tokenRequests).toBe(1);
    expect(await store.auditSinkCursors.auditSinkCursor('azure-monitor')).toBe(25);
  });

  it('rides out a failing endpoint (500/503) with backoff, losing and duplicating nothing, without blocking appends', async () => {
    azure.failing = [503, 500, 503, 503];
    const errors: number[] = [];
    const forwarder = new AuditForwarder(store.auditTrail, store.auditSinkCursors, sink(), {
      batchSize: 10,
      pollMs: 20,
      minBackoffMs: 5,
      onError: (_error, { attempt }) => void errors.push(attempt),
    });
    forwarder.start();
    // appends go on while the sink is down
    await append(26, 40);
    forwarder.nudge();
    await waitFor(() => azure.seqs().length === 40);
    await forwarder.stop();
    expect(azure.failures).toBe(4);
    expect(errors).toEqual([1, 2, 3, 4]);
    expect(azure.seqs()).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('resumes from the stored cursor after a restart', async () => {
    await append(41, 45);
    await store.close();
    // a new process: a new store on the same file, a new client and forwarder
    store = await openStore({ kind: 'sqlite', path: dbPath, auditKey: KEY });
    const forwarder = new AuditForwarder(store.auditTrail, store.auditSinkCursors, sink(), {
      batchSize: 10,
      pollMs: 20,
    });
    forwarder.start();
    await waitFor(() => azure.seqs().length === 45);
    await forwarder.stop();
    expect(azure.seqs()).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(await store.auditSinkCursors.auditSinkCursor('azure-monitor')).toBe(45);
  });
});
