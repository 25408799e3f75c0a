/**
 * Locates the exact source text of values inside a JSON document, so that a payload nested in a
 * batch request can be stored byte for byte as the client wrote it (spacing, key order, escapes
 * and number spellings included). Call it only on text that JSON.parse has already accepted:
 * it skips values without re-validating them.
 */
export interface Span {
  start: number;
  end: number;
}

function skipWhitespace(text: string, pos: number): number {
  let at = pos;
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    at += 1;
  }
  return at;
}

function stringEnd(text: string, start: number): number {
  let at = start + 1;
  while (at < text.length) {
    const c = text[at];
    if (c === '\\') at += 2;
    else if (c === '"') return at + 1;
    else at += 1;
  }
  throw new Error('unterminated string');
}

/** The end (exclusive) of the value that starts at `start`. */
export function valueEnd(text: string, start: number): number {
  const c = text[start];
  if (c === '"') return stringEnd(text, start);
  if (c === '{' || c === '[') {
    let depth = 0;
    let at = start;
    while (at < text.length) {
      const ch = text[at];
      if (ch === '"') {
        at = stringEnd(text, at);
        continue;
      }
      if (ch === '{' || ch === '[') depth += 1;
      if (ch === '}' || ch === ']') {
        depth -= 1;
        if (depth === 0) return at + 1;
      }
      at += 1;
    }
    throw new Error('unterminated container');
  }
  let at = start;
  while (at < text.length && !',}] \t\n\r'.includes(text[at] ?? '')) at += 1;
  return at;
}

/** Spans of the members of the object starting at `start`, by key (the last one wins). */
export function objectMemberSpans(text: string, start: number): Map<string, Span> {
  const spans = new Map<string, Span>();
  let at = skipWhitespace(text, start + 1);
  if (text[at] === '}') return spans;
  for (;;) {
    const keyEnd = stringEnd(text, at);
    const key = JSON.parse(text.slice(at, keyEnd)) as string;
    at = skipWhitespace(text, keyEnd);
    at = skipWhitespace(text, at + 1); // past ':'
    const end = valueEnd(text, at);
    spans.set(key, { start: at, end });
    at = skipWhitespace(text, end);
    if (text[at] === '}') return spans;
    at = skipWhitespace(text, at + 1); // past ','
  }
}

/** Spans of the elements of the array starting at `start`. */
export function arrayElementSpans(text: string, start: number): Span[] {
  const spans: Span[] = [];
  let at = skipWhitespace(text, start + 1);
  if (text[at] === ']') return spans;
  for (;;) {
    const end = valueEnd(text, at);
    spans.push({ start: at, end });
    at = skipWhitespace(text, end);
    if (text[at] === ']') return spans;
    at = skipWhitespace(text, at + 1);
  }
}

/** Where the top-level value of a document begins. */
export function documentStart(text: string): number {
  return skipWhitespace(text, 0);
}
