-- The trace context of the request that created a delivery (the publish or the replay), as a
-- W3C traceparent, so that the relay's publish and the worker's attempts continue that trace
-- even though they run in other processes, later. NULL when the api was not tracing.
ALTER TABLE deliveries ADD COLUMN traceparent text
  CHECK (traceparent IS NULL OR length(traceparent) <= 128);
