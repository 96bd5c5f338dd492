import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureOutput } from './test-output.cjs';

/** What a Teams member lookup (TeamsInfo.getMember) returns. */
export interface TeamsMember {
  id: string;
  name: string;
  userPrincipalName: string;
  aadObjectId: string;
  tenantId: string;
  email?: string;
  givenName?: string;
  surname?: string;
}

/** One activity the bot sent to the connector. */
export interface RecordedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** the activity replied to (POST …/activities/:id) or updated (PUT …/activities/:id) */
  activityId: string | null;
  body: SentActivity;
}

/** The fields tests read from a sent activity. */
export interface SentActivity {
  type?: string;
  text?: string;
  summary?: string;
  replyToId?: string;
  attachments?: { contentType: string; content: unknown }[];
  [key: string]: unknown;
}

export interface ConnectorServer {
  /** the serviceUrl to put in activities */
  serviceUrl: string;
  /** everything the bot sent, in arrival order */
  activities: RecordedActivity[];
  /** user ids the bot looked up */
  memberLookups: string[];
  setMember(member: TeamsMember): void;
  removeMember(userId: string): void;
  /** resolves with the first n recorded activities once there are that many */
  waitForActivities(n: number, timeoutMs?: number): Promise<RecordedActivity[]>;
  /** forget recorded activities and lookups (members stay) */
  clear(): void;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;
const MEMBER = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/;

/** A real HTTP server on 127.0.0.1 playing the Teams connector (the activity's serviceUrl). */
export async function startConnectorServer(): Promise<ConnectorServer> {
  const activities: RecordedActivity[] = [];
  const memberLookups: string[] = [];
  const members = new Map<string, TeamsMember>();
  const waiters = new Set<() => void>();
  let nextId = 1;

  const notify = (): void => waiters.forEach((check) => check());

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/{2,}/g, '/');
    const activityMatch = ACTIVITIES.exec(path);
    if (activityMatch && (req.method === 'POST' || req.method === 'PUT')) {
      const raw = await readBody(req);
      // what the bot sent is what a Teams user would see: scanned for secrets after the run
      captureOutput('connector', raw);
      const body = JSON.parse(raw || '{}') as SentActivity;
      activities.push({
        method: req.method,
        conversationId: decodeURIComponent(activityMatch[1]!),
        activityId: activityMatch[2] === undefined ? null : decodeURIComponent(activityMatch[2]),
        body,
      });
      notify();
      return json(res, 200, {
        id: req.method === 'PUT' ? decodeURIComponent(activityMatch[2] ?? '') : `generated-${nextId++}`,
      });
    }
    const memberMatch = MEMBER.exec(path);
    if (memberMatch && req.method === 'GET') {
      const userId = decodeURIComponent(memberMatch[2]!);
      memberLookups.push(userId);
      const member = members.get(userId);
      if (member === undefined) {
        return json(res, 404, {
          error: { code: 'MemberNotFoundInConversation', message: 'Member not found' },
        });
      }
      return json(res, 200, member);
    }
    return json(res, 404, { error: { code: 'NotFound', message: `${req.method ?? ''} ${path}` } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() =>
      json(res, 500, { error: { code: 'ServerError', message: 'connector fake failed' } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    activities,
    memberLookups,
    setMember: (member) => void members.set(member.id, member),
    removeMember: (userId) => void members.delete(userId),
    waitForActivities: (n, timeoutMs = 5000) =>
      new Promise<RecordedActivity[]>((resolve, reject) => {
        const check = (): void => {
          if (activities.length < n) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(activities.slice(0, n));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `connector received ${activities.length} activities, expected ${n} within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    clear: () => {
      activities.length = 0;
      memberLookups.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
