/**
 * Event types are dot-separated names (`order.created`). An endpoint's filter lists exact types,
 * prefix wildcards (`order.*` matches `order.created` and `order.item.added`) or `*` for all.
 */
const SEGMENT = '[A-Za-z0-9_-]+';
export const EVENT_TYPE_PATTERN = `^${SEGMENT}(\\.${SEGMENT})*$`;
export const EVENT_FILTER_PATTERN = `^(\\*|${SEGMENT}(\\.${SEGMENT})*(\\.\\*)?)$`;
export const EVENT_TYPE_MAX_LENGTH = 128;

const EVENT_TYPE = new RegExp(EVENT_TYPE_PATTERN);

export function isValidEventType(type: string): boolean {
  return type.length <= EVENT_TYPE_MAX_LENGTH && EVENT_TYPE.test(type);
}

/**
 * Every filter that matches `type`: the type itself, `*`, and one wildcard per prefix. Matching
 * endpoints is then an array overlap (`&&`) on an indexed column.
 */
export function matchingFilters(type: string): string[] {
  const segments = type.split('.');
  const filters = ['*', type];
  for (let i = 1; i < segments.length; i += 1) {
    filters.push(`${segments.slice(0, i).join('.')}.*`);
  }
  return filters;
}
