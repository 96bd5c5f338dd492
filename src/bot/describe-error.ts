/** The loggable facts of a failure: its class and reason code; the message is redacted by the logger. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const reason = (error as { reason?: unknown }).reason;
    return {
      errorClass: error.constructor.name,
      ...(typeof reason === 'string' ? { reason } : {}),
      errorMessage: error.message,
    };
  }
  return { errorClass: typeof error };
}
