import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { BotAuthConfig } from '../config/config';
import { currentLogRef } from '../config/log-context';
import type { Logger } from '../config/logger';
import { newCorrelationId, sorryText } from './correlation-id';
import { describeError } from './describe-error';

export interface AdapterOptions {
  auth: BotAuthConfig;
  logger: Logger;
  newCorrelationId?: () => string;
}

/** botbuilder spells the managed-identity type `UserAssignedMsi`. */
const APP_TYPE = {
  MultiTenant: 'MultiTenant',
  SingleTenant: 'SingleTenant',
  UserAssignedMSI: 'UserAssignedMsi',
};

/**
 * CloudAdapter authenticated as configured; an empty app id means anonymous mode. A failed turn is
 * logged with a reference the user also sees, and the bot keeps serving.
 */
export function createAdapter(options: AdapterOptions): CloudAdapter {
  const { auth, logger } = options;
  const newId = options.newCorrelationId ?? newCorrelationId;
  const authentication = new ConfigurationBotFrameworkAuthentication(
    auth.appId === ''
      ? {}
      : {
          MicrosoftAppId: auth.appId,
          MicrosoftAppPassword: auth.appPassword,
          MicrosoftAppTenantId: auth.appTenantId,
          MicrosoftAppType: APP_TYPE[auth.appType],
        },
  );
  const adapter = new LoggedCloudAdapter(authentication, logger);
  adapter.onTurnError = async (context: TurnContext, error: Error): Promise<void> => {
    // the turn's own id (create-server starts every turn with one), so its log lines and the reply agree
    const ref = currentLogRef() ?? newId();
    // Only the error's class, reason and (redacted) message: never the activity, which may carry tokens.
    logger.error('turn failed', {
      ref,
      activityType: context.activity.type,
      activityName: context.activity.name,
      ...describeError(error),
    });
    try {
      await context.sendActivity(MessageFactory.text(sorryText(ref)));
    } catch (sendError) {
      logger.error('could not tell the user about a failed turn', { ref, ...describeError(sendError) });
    }
  };
  return adapter;
}

/**
 * CloudAdapter.process prints a failed request's raw error (stack included) with console.error and
 * sends its message as the HTTP body. Failures are caught one step earlier here: logged as JSON
 * (class, reason, masked message) and answered with the bare status.
 */
// botbuilder does not export these two types; its public signatures carry them.
type Authentication = ConstructorParameters<typeof CloudAdapter>[0];
type AuthOrResult = Parameters<CloudAdapter['processActivityDirect']>[0];

class LoggedCloudAdapter extends CloudAdapter {
  constructor(
    authentication: Authentication,
    private readonly logger: Logger,
  ) {
    super(authentication);
  }

  protected override async processActivity(
    auth: AuthOrResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    try {
      return typeof auth === 'string'
        ? await super.processActivity(auth, activity, logic)
        : await super.processActivity(auth, activity, logic);
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode === 401 ? 401 : 500;
      if (status === 401) this.logger.warn('refused an unauthenticated activity', describeError(error));
      else this.logger.error('could not process an activity', describeError(error));
      return { status, body: undefined };
    }
  }
}
