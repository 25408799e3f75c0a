-- UUIDv7 generated inside Postgres, for rows whose number is only known inside a statement (the
-- deliveries one grouped publish creates). Same layout as ids.ts: 48 bits of Unix milliseconds,
-- then random bits, version 7 and the RFC 9562 variant. Postgres 18 has uuidv7() built in; this
-- function keeps older servers supported. Ids made here and in Node sort together by time.
CREATE FUNCTION harborhook_uuidv7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    -- gen_random_uuid() is version 4 (0100): setting bits 4 and 5 of byte 6 makes it 0111.
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint)
          FROM 3)
        FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
