-- The final-state guard (0001) called its PL/pgSQL function for every status change, three per
-- delivery, to find nearly always that the row was not final. With the condition in the
-- trigger's WHEN clause the executor checks it without entering PL/pgSQL, and the function
-- runs only for an update that would move a delivered or dead row, which it refuses as before.
DROP TRIGGER deliveries_final_state_guard ON deliveries;

CREATE TRIGGER deliveries_final_state_guard
  BEFORE UPDATE OF status ON deliveries
  FOR EACH ROW
  WHEN (OLD.status IN ('delivered', 'dead') AND NEW.status IS DISTINCT FROM OLD.status)
  EXECUTE FUNCTION deliveries_guard_final_state();
