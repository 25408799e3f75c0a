import type { LoadProfile, LoadReceiverBehaviour } from '../profile/profile.ts';

/** One endpoint the run registers, and how its receiver answers. */
export interface PlannedEndpoint {
  /** Global index; the receiver path is /e/<index>. */
  index: number;
  tenant: number;
  eventTypes: string[];
  behaviour: LoadReceiverBehaviour;
}

export interface FleetPlan {
  /** The tenant ids of this run: `<profile tenant name>-<run id>`. */
  tenants: string[];
  endpoints: PlannedEndpoint[];
  /** subscribers[tenant][eventType]: the endpoints that get an event of that type. */
  subscribers: number[][][];
}

/** Endpoints that subscribe to none of the profile's types still need one filter. */
export const IDLE_EVENT_TYPE = 'load.idle';

/**
 * Who gets what: each tenant has `endpointsPerTenant` endpoints; each event type goes to `fanOut`
 * of them, consecutive slots (wrapping round) starting after the previous type's, so that every
 * endpoint gets traffic when the fan-outs add up to the endpoints; receiver behaviours are
 * dealt out in proportion to their shares, interleaved so no tenant gets only one kind.
 */
export function planFleet(profile: LoadProfile, runId: string): FleetPlan {
  const perTenant = profile.endpointsPerTenant;
  const tenants = profile.tenants.map((tenant) => `${tenant.name}-${runId}`);
  const behaviours = dealBehaviours(profile, tenants.length * perTenant);
  const endpoints: PlannedEndpoint[] = [];
  const subscribers = tenants.map(() => profile.eventTypes.map((): number[] => []));
  // Type t starts where type t - 1 stopped, so the endpoints are used in turn.
  const firstSlots: number[] = [];
  profile.eventTypes.reduce((slot, eventType) => {
    firstSlots.push(slot % perTenant);
    return slot + eventType.fanOut;
  }, 0);
  tenants.forEach((_, tenant) => {
    for (let slot = 0; slot < perTenant; slot += 1) {
      const index = tenant * perTenant + slot;
      const eventTypes = profile.eventTypes
        .filter((eventType, t) => (slot - (firstSlots[t] ?? 0) + perTenant) % perTenant
          < eventType.fanOut)
        .map((eventType) => eventType.type);
      endpoints.push({ index, tenant, behaviour: behaviours[index] as LoadReceiverBehaviour,
        eventTypes: eventTypes.length > 0 ? eventTypes : [IDLE_EVENT_TYPE] });
      profile.eventTypes.forEach((eventType, t) => {
        if (eventTypes.includes(eventType.type)) subscribers[tenant]?.[t]?.push(index);
      });
    }
  });
  return { tenants, endpoints, subscribers };
}

/** Largest-remainder counts per share, then spread evenly over the endpoint order. */
function dealBehaviours(profile: LoadProfile, total: number): LoadReceiverBehaviour[] {
  const exact = profile.receivers.map((receiver) => receiver.share * total);
  const counts = exact.map(Math.floor);
  const order = exact.map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest || a.index - b.index);
  let missing = total - counts.reduce((sum, count) => sum + count, 0);
  for (const { index } of order) {
    if (missing <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    missing -= 1;
  }
  const placed: { position: number; behaviour: LoadReceiverBehaviour }[] = [];
  counts.forEach((count, index) => {
    const behaviour = profile.receivers[index]?.behaviour;
    if (behaviour === undefined) return;
    for (let k = 0; k < count; k += 1) placed.push({ position: (k + 0.5) / count, behaviour });
  });
  placed.sort((a, b) => a.position - b.position);
  return placed.map((entry) => entry.behaviour);
}
