-- deliveries is a queue: every delivery row is updated three or four times within seconds
-- (scheduled, queued, attempting, final), and none of these updates can be HOT, since status,
-- next_attempt_at and lease_expires_at are indexed. Postgres's default waits for 20 % of the
-- table to be dead before vacuuming; meanwhile the relay's due scan and the lease scans walk
-- over every dead index entry, and the planner's row estimates go stale. Vacuum and analyse it
-- after 2 % instead, without the cost-based pauses (it is a hot, mostly-cached table).
ALTER TABLE deliveries SET (
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_vacuum_insert_scale_factor = 0.02,
  autovacuum_analyze_scale_factor = 0.02,
  autovacuum_vacuum_cost_delay = 0
);
