-- Core schema: endpoints, events, deliveries, attempts, idempotency keys, replays.
-- A delivery row is also its own outbox entry: while its status is 'scheduled' and
-- next_attempt_at has come, the relay publishes it to NSQ (see docs/architecture.md).

CREATE TABLE endpoints (
  id            uuid PRIMARY KEY,
  tenant_id     text NOT NULL,
  url           text NOT NULL,
  description   text NOT NULL DEFAULT '',
  event_types   text[] NOT NULL,
  headers       jsonb NOT NULL DEFAULT '{}'::jsonb,
  secret        text NOT NULL,
  enabled       boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz
);

CREATE INDEX endpoints_tenant_idx ON endpoints (tenant_id, id) WHERE deleted_at IS NULL;
CREATE INDEX endpoints_event_types_idx ON endpoints USING gin (event_types)
  WHERE deleted_at IS NULL AND enabled;

CREATE TABLE events (
  id            uuid PRIMARY KEY,
  tenant_id     text NOT NULL,
  event_type    text NOT NULL,
  -- The exact bytes the client sent; delivered byte for byte.
  payload       bytea NOT NULL,
  payload_sha256 bytea NOT NULL,
  idempotency_key text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_tenant_idx ON events (tenant_id, id);
CREATE INDEX events_tenant_type_idx ON events (tenant_id, event_type, id);

-- One row per key; an expired key may be taken over by a new request.
CREATE TABLE idempotency_keys (
  tenant_id     text NOT NULL,
  key           text NOT NULL,
  request_sha256 bytea NOT NULL,
  event_id      uuid,
  expires_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, key)
);

CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);

CREATE TYPE delivery_status AS ENUM ('scheduled', 'queued', 'attempting', 'delivered', 'dead');

CREATE TABLE deliveries (
  id              uuid PRIMARY KEY,
  tenant_id       text NOT NULL,
  event_id        uuid NOT NULL REFERENCES events (id),
  endpoint_id     uuid NOT NULL REFERENCES endpoints (id),
  status          delivery_status NOT NULL DEFAULT 'scheduled',
  attempt_count   integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- While queued or attempting: when the relay may assume the work was lost.
  lease_expires_at timestamptz,
  last_status_code integer,
  last_error_class text,
  replay_of       uuid REFERENCES deliveries (id),
  replayed_by     uuid REFERENCES deliveries (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);

-- Fan-out happens once per endpoint; replays are separate rows.
CREATE UNIQUE INDEX deliveries_event_endpoint_uq ON deliveries (event_id, endpoint_id)
  WHERE replay_of IS NULL;
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'scheduled';
CREATE INDEX deliveries_lease_idx ON deliveries (lease_expires_at)
  WHERE status IN ('queued', 'attempting');
CREATE INDEX deliveries_event_idx ON deliveries (event_id);
CREATE INDEX deliveries_endpoint_idx ON deliveries (tenant_id, endpoint_id, id);
CREATE INDEX deliveries_dead_idx ON deliveries (tenant_id, finished_at, id) WHERE status = 'dead';

-- A final state never changes again; replays create a new delivery instead.
CREATE FUNCTION deliveries_guard_final_state() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('delivered', 'dead') AND NEW.status IS DISTINCT FROM OLD.status THEN
    RAISE EXCEPTION 'delivery % is final (%), cannot become %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER deliveries_final_state_guard
  BEFORE UPDATE OF status ON deliveries
  FOR EACH ROW EXECUTE FUNCTION deliveries_guard_final_state();

CREATE TABLE attempts (
  id              uuid PRIMARY KEY,
  delivery_id     uuid NOT NULL REFERENCES deliveries (id),
  tenant_id       text NOT NULL,
  attempt_number  integer NOT NULL,
  started_at      timestamptz NOT NULL,
  duration_ms     integer NOT NULL,
  status_code     integer,
  -- NULL when the receiver answered 2xx; otherwise a class from docs/api.md.
  error_class     text,
  response_body_prefix text,
  outcome         text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'dead'))
);

CREATE INDEX attempts_delivery_idx ON attempts (delivery_id, attempt_number);

CREATE TABLE replays (
  id              uuid PRIMARY KEY,
  tenant_id       text NOT NULL,
  requested_at    timestamptz NOT NULL DEFAULT now(),
  -- 'single' or 'bulk', with the filter a bulk replay used.
  kind            text NOT NULL CHECK (kind IN ('single', 'bulk')),
  filter          jsonb NOT NULL DEFAULT '{}'::jsonb,
  delivery_count  integer NOT NULL
);
