-- Row-level security: a second wall behind the tenant filter every api query carries. The api
-- runs each tenant's statements as the role harborhook_tenant (SET ROLE), with the tenant in the
-- setting harborhook.tenant_id; these policies then show and accept only that tenant's rows,
-- even for a query that forgets its filter. Unset means no rows at all (fail closed).
-- The relay and worker work across tenants and keep the connecting (owning) role, which row
-- security does not restrict (no FORCE ROW LEVEL SECURITY).

DO $$
BEGIN
  CREATE ROLE harborhook_tenant NOLOGIN;
EXCEPTION WHEN duplicate_object THEN
  NULL;
END;
$$;

-- The login role that runs the api must be able to SET ROLE to it.
DO $$
BEGIN
  EXECUTE format('GRANT harborhook_tenant TO %I', current_user);
END;
$$;

GRANT USAGE ON SCHEMA public TO harborhook_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE
  ON endpoints, events, deliveries, attempts, idempotency_keys, replays, endpoint_secrets
  TO harborhook_tenant;

-- The same policy on every table that carries a tenant_id.
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['endpoints', 'events', 'deliveries', 'attempts',
    'idempotency_keys', 'replays'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('CREATE POLICY tenant_rows ON %I TO harborhook_tenant '
      'USING (tenant_id = current_setting(''harborhook.tenant_id'', true)) '
      'WITH CHECK (tenant_id = current_setting(''harborhook.tenant_id'', true))', tenant_table);
  END LOOP;
END;
$$;

-- Secrets carry no tenant column: a key row is visible when its endpoint is (endpoints' own
-- policy applies inside the subquery).
ALTER TABLE endpoint_secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON endpoint_secrets TO harborhook_tenant
  USING (EXISTS (SELECT 1 FROM endpoints e WHERE e.id = endpoint_id))
  WITH CHECK (EXISTS (SELECT 1 FROM endpoints e WHERE e.id = endpoint_id));
