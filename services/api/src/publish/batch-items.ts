import {
  arrayElementSpans, documentStart, objectMemberSpans, type Span,
} from '@harborhook/shared/json-spans';
import type { JsonSource } from '../server/json-body.ts';
import { compileBodyValidator, describeValidationError } from '../server/validators.ts';
import { batchItemSchema } from '../schemas/batch.ts';

export type BatchItem =
  | { index: number; valid: true; type: string; payload: Buffer; idempotencyKey?: string }
  | { index: number; valid: false; message: string };

interface ItemValue {
  type: string;
  idempotencyKey?: string;
}

const validateItem = compileBodyValidator(batchItemSchema);

function span(spans: Map<string, Span>, key: string): Span {
  const found = spans.get(key);
  if (found === undefined) throw new Error(`no "${key}" member in validated JSON`);
  return found;
}

/**
 * Splits a validated batch envelope into items, each checked on its own, each valid one with
 * its payload as the exact source bytes of its value in the request (spacing, key order,
 * escapes and number spellings included).
 */
export function batchItems(source: JsonSource, events: readonly unknown[]): BatchItem[] {
  const text = source.text;
  const envelope = objectMemberSpans(text, documentStart(text));
  const elements = arrayElementSpans(text, span(envelope, 'events').start);
  return events.map((value, index): BatchItem => {
    if (!validateItem(value)) {
      const first = validateItem.errors?.[0];
      const message = first === undefined ? 'is invalid'
        : describeValidationError(first, `body/events/${index}`);
      return { index, valid: false, message };
    }
    const element = elements[index];
    if (element === undefined) throw new Error('batch item spans do not match the parsed items');
    const payloadSpan = span(objectMemberSpans(text, element.start), 'payload');
    const item = value as ItemValue;
    return {
      index, valid: true, type: item.type,
      payload: Buffer.from(text.slice(payloadSpan.start, payloadSpan.end), 'utf8'),
      ...(item.idempotencyKey === undefined ? {} : { idempotencyKey: item.idempotencyKey }),
    };
  });
}
