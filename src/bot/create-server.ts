import type { AddressInfo } from 'node:net';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import restify from 'restify';
import type { BotAuthConfig } from '../config/config';
import type { Logger } from '../config/logger';
import { createAdapter } from './create-adapter';
import { describeError } from './describe-error';

export interface BotServerDeps {
  auth: BotAuthConfig;
  bot: ActivityHandler;
  logger: Logger;
  /** defaults to createAdapter({ auth, logger }) */
  adapter?: CloudAdapter;
}

export interface BotServer {
  server: restify.Server;
  adapter: CloudAdapter;
  listen(port: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** Activities are small; a bigger body is not from a Bot Framework channel. */
const MAX_BODY_BYTES = 1024 * 1024;

/** restify server with `POST /api/messages` (Bot Framework) and `GET /healthz`. */
export function createBotServer(deps: BotServerDeps): BotServer {
  const { bot, logger } = deps;
  const adapter = deps.adapter ?? createAdapter({ auth: deps.auth, logger });
  const server = restify.createServer({ name: 'msa-warden', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    // botbuilder answers a body without an activity type with a console.warn of its own.
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || typeof (body as { type?: unknown }).type !== 'string') {
      logger.warn('refused a request that is not an activity');
      res.send(400);
      return;
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      logger.error('could not process an activity', describeError(error));
      if (!res.headersSent) res.send(500);
    }
  });

  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    next();
  });

  return {
    server,
    adapter,
    listen: (port, host = '127.0.0.1') =>
      new Promise<AddressInfo>((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        server.server.once('error', onError);
        server.listen(port, host, () => {
          server.server.off('error', onError);
          resolve(server.server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        // In-flight requests finish; idle keep-alive sockets would otherwise hold close() open.
        server.server.closeIdleConnections();
      }),
  };
}
