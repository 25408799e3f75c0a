-- Grouped publishes (services/api/src/store/event-group.ts) as one function, so that storing a
-- group is one round trip in autocommit instead of three (BEGIN with the tenant settings, the
-- statement, COMMIT), with row-level security kept: the function switches to harborhook_tenant
-- and, for each tenant in the group in turn, sets harborhook.tenant_id and stores only that
-- tenant's events, so every row is written under its own tenant's policies. The settings last
-- for the rest of the function's own transaction, which, called alone, ends with the call. The
-- caller must not call it inside a longer transaction (the role would stay).
--
-- Each event is fanned out to its tenant's live, enabled endpoints whose filters match its
-- type. The filters of each distinct type come as pairs (p_filter_types, p_filters), since SQL
-- arrays cannot nest; an endpoint matched by two filters gets one delivery (DISTINCT). Payloads
-- and their SHA-256 hashes come as one bytea each, cut up by offsets: pg sends a Buffer as
-- binary but an array of Buffers as hex text, twice the size, parsed on both sides.
CREATE FUNCTION harborhook_store_event_group(
  p_tenant_ids text[], p_ids uuid[], p_types text[], p_payloads bytea,
  p_payload_starts integer[], p_hashes bytea, p_payload_lengths integer[],
  p_filter_types text[], p_filters text[], p_traceparents text[])
RETURNS TABLE (id uuid, created_at timestamptz, delivery_count integer)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_tenant text;
BEGIN
  PERFORM set_config('role', 'harborhook_tenant', true);
  FOR v_tenant IN SELECT DISTINCT t FROM unnest(p_tenant_ids) AS t LOOP
    PERFORM set_config('harborhook.tenant_id', v_tenant, true);
    RETURN QUERY
    WITH input AS (
      SELECT e.id, e.event_type, e.traceparent,
        substring(p_payloads FROM e.payload_start + 1 FOR e.payload_length) AS payload,
        substring(p_hashes FROM (e.n - 1)::integer * 32 + 1 FOR 32) AS payload_sha256
      FROM unnest(p_tenant_ids, p_ids, p_types, p_payload_starts, p_payload_lengths,
          p_traceparents) WITH ORDINALITY
        AS e (tenant_id, id, event_type, payload_start, payload_length, traceparent, n)
      WHERE e.tenant_id = v_tenant
    ), new_events AS (
      INSERT INTO events (id, tenant_id, event_type, payload, payload_sha256)
      SELECT i.id, v_tenant, i.event_type, i.payload, i.payload_sha256 FROM input i
      RETURNING events.id, events.event_type, events.created_at
    ), targets AS (
      SELECT DISTINCT ne.id AS event_id, ep.id AS endpoint_id
      FROM new_events ne
      JOIN unnest(p_filter_types, p_filters) AS f (event_type, filter)
        ON f.event_type = ne.event_type
      JOIN endpoints ep ON ep.tenant_id = v_tenant AND ep.enabled AND ep.deleted_at IS NULL
        AND ep.event_types @> ARRAY[f.filter]
    ), created AS (
      INSERT INTO deliveries (id, tenant_id, event_id, endpoint_id, status, next_attempt_at,
        traceparent)
      SELECT harborhook_uuidv7(), v_tenant, t.event_id, t.endpoint_id, 'scheduled', now(),
        i.traceparent
      FROM targets t
      JOIN input i ON i.id = t.event_id
      ORDER BY t.event_id, t.endpoint_id
      RETURNING deliveries.event_id
    )
    SELECT ne.id, ne.created_at,
      (SELECT count(*)::integer FROM created c WHERE c.event_id = ne.id)
    FROM new_events ne;
  END LOOP;
END;
$$;
