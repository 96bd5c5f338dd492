import type { AddressInfo } from 'node:net';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import restify from 'restify';
import type { BotAuthConfig } from '../config/config';
import type { Logger } from '../config/logger';
import { isAnonymous } from '../config/config';
import { runWithLogRef } from '../config/log-context';
import { newCorrelationId } from './correlation-id';
import { createAdapter } from './create-adapter';
import { describeError } from './describe-error';
import type { ReadinessReport } from './readiness';
import { isServiceUrlAllowed } from './service-url-allowed';

export interface BotServerDeps {
  auth: BotAuthConfig;
  bot: ActivityHandler;
  logger: Logger;
  /** defaults to createAdapter({ auth, logger }) */
  adapter?: CloudAdapter;
  /**
   * Anonymous mode only: origins besides loopback that an activity's `serviceUrl` may name
   * (ANONYMOUS_SERVICE_URLS); anything else is refused before the bot sees it.
   */
  anonymousServiceUrls?: readonly string[];
  /** `GET /readyz`: whether the directory and the store answer (createReadiness); none → ready */
  readiness?: () => Promise<ReadinessReport>;
  /** each turn's correlation id (in every log line of the turn and in its "Sorry… (ref X)") */
  newCorrelationId?: () => string;
}

export interface BotServer {
  server: restify.Server;
  adapter: CloudAdapter;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /**
   * Graceful stop: no new connections, any new request answered 503, in-flight requests finish
   * within `drainMs`; then every connection is closed. Resolves with how many requests were cut.
   */
  drain(drainMs: number): Promise<{ cut: number }>;
  close(): Promise<void>;
}

/** Activities are small; a bigger body is not from a Bot Framework channel. */
const MAX_BODY_BYTES = 1024 * 1024;

/** `application/json`, with or without parameters such as `; charset=utf-8`. */
function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';', 1)[0] ?? '';
  return type.trim().toLowerCase() === 'application/json';
}

function serviceUrlOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null
    ? (body as { serviceUrl?: unknown }).serviceUrl
    : undefined;
}

function hostOf(serviceUrl: unknown): string | null {
  try {
    return typeof serviceUrl === 'string' ? new URL(serviceUrl).host.slice(0, 255) : null;
  } catch {
    return null;
  }
}

/**
 * restify server with `POST /api/messages` (Bot Framework) and `GET /healthz`. Only JSON bodies are
 * read: a web page can post a form or plain text to any address without the browser asking first,
 * but not JSON.
 */
export function createBotServer(deps: BotServerDeps): BotServer {
  const { bot, logger } = deps;
  const adapter = deps.adapter ?? createAdapter({ auth: deps.auth, logger });
  const anonymous = isAnonymous(deps.auth);
  const allowedServiceUrls = deps.anonymousServiceUrls ?? [];
  const newId = deps.newCorrelationId ?? newCorrelationId;
  const server = restify.createServer({ name: 'msa-warden', handleUncaughtExceptions: false });

  // Requests being served, so a shutdown can wait for them; once draining, new ones get 503.
  let inFlight = 0;
  let draining = false;
  const settled = new Set<() => void>();
  server.pre((req, res, next) => {
    if (draining) {
      res.setHeader('connection', 'close');
      res.send(503, { error: 'msa-warden is shutting down.' });
      return next(false);
    }
    inFlight++;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      inFlight--;
      settled.forEach((check) => check());
    };
    res.once('finish', finish);
    res.once('close', finish);
    return next();
  });

  const requireJson: restify.RequestHandler = (req, res, next) => {
    if (isJson(req.headers['content-type'])) return next();
    logger.warn('refused a request that is not JSON', { contentType: req.headers['content-type'] ?? null });
    res.send(415, { error: 'Only application/json is accepted.' });
    return next(false);
  };
  // after requireJson, so the only body it ever parses is JSON
  const readJson = restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false });

  server.post('/api/messages', requireJson, readJson, async (req, res) => {
    // botbuilder answers a body without an activity type with a console.warn of its own.
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || typeof (body as { type?: unknown }).type !== 'string') {
      logger.warn('refused a request that is not an activity');
      res.send(400);
      return;
    }
    if (anonymous && !isServiceUrlAllowed(serviceUrlOf(req.body), allowedServiceUrls)) {
      // only the host: it names whoever tried, and a URL could carry credentials
      logger.warn('refused an anonymous activity for a service URL that is not loopback or allowed', {
        serviceHost: hostOf(serviceUrlOf(req.body)),
      });
      res.send(403, { error: 'This serviceUrl is not allowed in anonymous mode.' });
      return;
    }
    try {
      // one id per turn: every log line written while it is served carries it as `ref`
      await runWithLogRef(newId(), () => adapter.process(req, res, (context) => bot.run(context)));
    } catch (error) {
      logger.error('could not process an activity', describeError(error));
      if (!res.headersSent) res.send(500);
    }
  });

  // the process only: a load balancer restarts a bot whose /healthz fails, not one whose DC is down
  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    next();
  });

  // whether this bot can answer now: the directory binds and the store answers (cached probes)
  server.get('/readyz', async (_req, res) => {
    const report: ReadinessReport =
      deps.readiness === undefined ? { ready: true, parts: {} } : await deps.readiness();
    res.json(report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', parts: report.parts });
  });

  const drain = async (drainMs: number): Promise<{ cut: number }> => {
    draining = true;
    const closed = new Promise<void>((resolve) => {
      if (!server.server.listening) resolve();
      else server.server.close(() => resolve());
    });
    // Idle keep-alive sockets would hold close() open; busy ones are closed as their requests end.
    server.server.closeIdleConnections();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, drainMs);
      function done(): void {
        clearTimeout(timer);
        settled.delete(check);
        resolve();
      }
      function check(): void {
        server.server.closeIdleConnections();
        if (inFlight === 0) done();
      }
      settled.add(check);
      check();
    });
    const cut = inFlight;
    server.server.closeAllConnections();
    await closed;
    return { cut };
  };

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
    drain,
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
