import { loadConfig } from '../../src/config/load-config';
import type { Env } from '../../src/config/load-config';
import { silentLogger } from '../../src/config/logger';
import { startBot } from '../../src/main';
import type { RunningBot, StartBotOverrides } from '../../src/main';
import { startConnectorServer } from './connector-server';
import type { ConnectorServer } from './connector-server';

/**
 * The bot in this process over HTTP, its replies recorded by a connector server: the set-up of the
 * tests that talk to it with bot-harness activities. Kept apart from bot-harness, which the bench
 * driver imports without loading the bot.
 */
export interface BotOverHttp {
  connector: ConnectorServer;
  bot: RunningBot;
}

/**
 * A connector server, then the bot on a free port of 127.0.0.1 configured by `env` (silent unless
 * `overrides` give a logger). Stop both with stopBotOverHttp.
 */
export async function startBotOverHttp(env: Env, overrides: StartBotOverrides = {}): Promise<BotOverHttp> {
  const connector = await startConnectorServer();
  const bot = await startBot(loadConfig(env), {
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger,
    ...overrides,
  });
  return { connector, bot };
}

export async function stopBotOverHttp({ connector, bot }: BotOverHttp): Promise<void> {
  await bot.stop();
  await connector.close();
}
