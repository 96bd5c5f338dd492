import { ActivityHandler } from 'botbuilder';
import type { BotAuthConfig } from '../../src/config/config';
import { createLogger } from '../../src/config/logger';
import { createBotServer, type BotServer } from '../../src/bot/create-server';

const APP_SECRET = 'create-server-app-secret';
const AUTHENTICATED: BotAuthConfig = {
  appId: '00000000-0000-0000-0000-000000000001',
  appPassword: APP_SECRET,
  appTenantId: '00000000-0000-0000-0000-000000000002',
  appType: 'SingleTenant',
};
const ANONYMOUS: BotAuthConfig = { ...AUTHENTICATED, appId: '', appPassword: '' };

const activity = {
  type: 'message',
  id: 'a1',
  text: 'help',
  channelId: 'msteams',
  // Nothing listens here: the bot's reply fails too, and that must also stay inside the JSON log.
  serviceUrl: 'http://127.0.0.1:1/',
  from: { id: 'u1' },
  recipient: { id: 'b1' },
  conversation: { id: 'c1' },
};

/** Library output that bypasses the logger: console.* and raw writes to stdout/stderr. */
function captureRawOutput(): { raw: string[]; restore: () => void } {
  const raw: string[] = [];
  const spies = [
    ...(['error', 'warn', 'log', 'info', 'debug'] as const).map((name) =>
      jest.spyOn(console, name).mockImplementation((...args: unknown[]) => {
        raw.push(args.map(String).join(' '));
      }),
    ),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      raw.push(String(chunk));
      return true;
    }),
  ];
  return { raw, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

describe('createBotServer: library errors go through the logger', () => {
  let server: BotServer;
  let url: string;
  let logLines: string[];
  let output: ReturnType<typeof captureRawOutput>;

  async function start(auth: BotAuthConfig, bot = new ActivityHandler()): Promise<void> {
    logLines = [];
    server = createBotServer({
      auth,
      bot,
      logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    });
    const { port } = await server.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}/api/messages`;
    output = captureRawOutput();
  }

  afterEach(async () => {
    output.restore();
    await server.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('answers an unauthenticated activity with a bare 401 and one JSON log line', async () => {
    await start(AUTHENTICATED);
    const response = await post(activity);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
    expect(output.raw).toEqual([]);
    const records = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'refused an unauthenticated activity' }),
    ]);
    expect(logLines.join('\n')).not.toContain(APP_SECRET);
  });

  it('answers a forged bearer token with a bare 401, no stack anywhere', async () => {
    await start(AUTHENTICATED);
    const response = await post(activity, { authorization: 'Bearer not-a-jwt' });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
    expect(output.raw).toEqual([]);
    expect(logLines.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('refuses a body that is not an activity without library output', async () => {
    await start(ANONYMOUS);
    const response = await post({ text: 'no type' });
    expect(response.status).toBe(400);
    expect(output.raw).toEqual([]);
    expect(logLines).toHaveLength(1);
  });

  it('logs a failing turn as JSON and returns no error text over HTTP', async () => {
    const bot = new ActivityHandler();
    bot.onMessage(() => Promise.reject(new Error('boom at ldaps://u:p@ss/w@dc1')));
    await start(ANONYMOUS, bot);
    const response = await post(activity);
    expect(response.status).toBeLessThan(600);
    const text = await response.text();
    expect(text).not.toContain('boom');
    expect(output.raw).toEqual([]);
    for (const line of logLines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(logLines.join('\n')).toContain('turn failed');
    expect(logLines.join('\n')).not.toContain('p@ss');
  });
});
