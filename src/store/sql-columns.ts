import { z } from 'zod';
import { StoreError } from './store-error';

// Column types as both drivers return them: PostgreSQL gives BIGINT as a string, SQLite a number.

export const integer = z.union([z.number(), z.bigint(), z.string()]).transform(Number).pipe(z.number().int());

/** An instant kept as BIGINT epoch milliseconds. */
export const instant = integer.transform((ms) => new Date(ms));

/** A boolean kept as INTEGER 0/1. */
export const flag = integer.pipe(z.union([z.literal(0), z.literal(1)])).transform((value) => value === 1);

/** A JSON document kept as TEXT, parsed and then checked against `schema`. */
export function jsonText<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, context): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        context.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** Parses one row; a row of another shape is a database fault, never silently cast. */
export function parseRow<T extends z.ZodType>(schema: T, row: unknown, table: string): z.output<T> {
  const parsed = schema.safeParse(row);
  if (!parsed.success) {
    // The issue paths name the columns; the values stay out of the message.
    const columns = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw new StoreError('failed', `a ${table} row does not have the expected shape (${columns})`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** A Date as epoch milliseconds; an invalid Date is refused with reason `invalid`. */
export function epochMs(value: Date, field: string): number {
  const time = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw new StoreError('invalid', `${field} is not a valid Date`);
  return time;
}
