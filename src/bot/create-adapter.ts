import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { BotAuthConfig } from '../config/config';
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
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context: TurnContext, error: Error): Promise<void> => {
    const ref = newId();
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
