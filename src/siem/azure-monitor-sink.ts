import { DefaultAzureCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import { LogsIngestionClient, type LogsIngestionClientOptions } from '@azure/monitor-ingestion';
import type { AuditExportRecord } from '../audit-trail/audit-export';
import type { AuditSink } from '../audit-trail/forward-audit-trail';

export interface AzureMonitorSinkConfig {
  /** the data collection endpoint's logs ingestion URL */
  endpoint: string;
  /** the data collection rule's immutable id (dcr-…) */
  ruleId: string;
  /** the stream declared in the rule (Custom-…) */
  streamName: string;
}

export interface AzureMonitorSinkOptions {
  /** default: DefaultAzureCredential (managed identity in Azure, a client secret from AZURE_* elsewhere) */
  credential?: TokenCredential;
  /** extra client options (tests pass tlsOptions for a local endpoint) */
  clientOptions?: LogsIngestionClientOptions;
}

/**
 * Azure Monitor Logs Ingestion through the official client. The forwarder does the retrying (with
 * backoff, from its cursor), so the client's own retries are off and a batch is one request: it is
 * acknowledged whole or failed whole, never half-sent and resent.
 */
export function azureMonitorSink(
  config: AzureMonitorSinkConfig,
  options: AzureMonitorSinkOptions = {},
): AuditSink {
  const client = new LogsIngestionClient(
    config.endpoint,
    options.credential ?? new DefaultAzureCredential(),
    {
      retryOptions: { maxRetries: 0 },
      ...options.clientOptions,
    },
  );
  return {
    name: 'azure-monitor',
    send: (records: AuditExportRecord[]) =>
      client.upload(config.ruleId, config.streamName, records as unknown as Record<string, unknown>[], {
        maxConcurrency: 1,
      }),
  };
}
