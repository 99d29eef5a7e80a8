-- Tamper-evident history: audit_entries as a hash chain (docs/decisions/023-audit-hash-chain.md). Each row holds its place in
-- the chain (chain_seq, 1, 2, 3 …), the previous row's hash (prev_hash) and the SHA-256 of its own canonical content with that
-- previous hash (hash). Changing a row breaks its own hash; removing one leaves a gap in chain_seq; a superuser who disables
-- audit_entries_append_only can still do either, but audit_chain_verify() then names the first broken link.
--
-- Embedded in the assembly and applied by migrations (docs/decisions/008-sql-in-files.md); idempotent, so a change is an
-- edit here plus a migration that applies the file again.

-- The canonical content: every column but the hash itself, as one jsonb array rendered as text (jsonb prints the same value
-- the same way whatever the session's settings; the time in UTC to the microsecond PostgreSQL keeps), prefixed by the
-- previous row's hash. The one place the content is defined: the trigger and the verification both call it.
CREATE OR REPLACE FUNCTION audit_entry_digest(e audit_entries) RETURNS bytea
LANGUAGE sql STABLE AS $fn$
    SELECT sha256(e.prev_hash || convert_to(jsonb_build_array(
        e.chain_seq, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.user_id, e.user_name,
        e.action, e.entity_type, e.entity_id, e.task_id, e.summary, e.before, e.after)::text, 'UTF8'))
$fn$;

-- Links a new row to the last one. The advisory lock (held to the end of the transaction) serialises audited writes from
-- their audit row to their commit, so concurrent transactions still form one chain: the next one reads the last row only
-- after this one has committed (each query of a plpgsql function takes a fresh snapshot under READ COMMITTED, which is all
-- the app uses). The unique index on chain_seq refuses a fork should anything ever run it under a stricter isolation.
CREATE OR REPLACE FUNCTION audit_entries_chain() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    last_seq bigint;
    last_hash bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(7262023);
    SELECT e.chain_seq, e.hash INTO last_seq, last_hash FROM audit_entries e ORDER BY e.chain_seq DESC LIMIT 1;
    NEW.chain_seq := coalesce(last_seq, 0) + 1;
    -- the first row links to 32 zero bytes
    NEW.prev_hash := coalesce(last_hash, decode(repeat('00', 32), 'hex'));
    NEW.hash := audit_entry_digest(NEW);
    RETURN NEW;
END
$fn$;

-- Rows written before the chain existed (chain_seq 0, left by the migration that adds the columns) are chained once, in id
-- order, with the append-only guard briefly off: the one time history is written to, by the schema owner, in the migration.
DO $do$
DECLARE
    r audit_entries;
    seq bigint;
    previous bytea;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_entries WHERE chain_seq = 0) THEN RETURN; END IF;
    SELECT coalesce(max(chain_seq), 0), (SELECT hash FROM audit_entries WHERE chain_seq > 0 ORDER BY chain_seq DESC LIMIT 1)
    INTO seq, previous FROM audit_entries;
    previous := coalesce(previous, decode(repeat('00', 32), 'hex'));
    ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
    FOR r IN SELECT * FROM audit_entries WHERE chain_seq = 0 ORDER BY id LOOP
        seq := seq + 1;
        r.chain_seq := seq;
        r.prev_hash := previous;
        r.hash := audit_entry_digest(r);
        UPDATE audit_entries SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
        previous := r.hash;
    END LOOP;
    ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;
END
$do$;

DROP TRIGGER IF EXISTS audit_entries_chain ON audit_entries;
CREATE TRIGGER audit_entries_chain BEFORE INSERT ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_chain();

-- The first broken link, or none: one row with the number of rows, the head (last chain_seq and its hash) and, when broken,
-- the row at fault and what is wrong with it:
--   changed  — the row's content no longer gives its hash (edited in place);
--   relinked — its prev_hash is not the previous row's hash (a row before it was replaced by one hashed anew);
--   missing  — rows before it are gone (chain_seq jumps; missing_rows says how many).
-- Removing the newest rows leaves a shorter chain that is intact: only a head recorded elsewhere shows it, which is why the
-- head is reported (the CLI prints it, the page shows it). Reads the table once in chain order, one SHA-256 per row.
CREATE OR REPLACE FUNCTION audit_chain_verify()
RETURNS TABLE (total bigint, head_seq bigint, head_hash bytea, broken_id bigint, broken_at timestamptz, broken_seq bigint,
               problem text, missing_rows bigint)
LANGUAGE sql STABLE AS $fn$
    WITH chain AS (
        SELECT e.id, e.at, e.chain_seq, e.prev_hash, e.hash, audit_entry_digest(e) AS expected,
               lag(e.hash) OVER w AS previous_hash, lag(e.chain_seq) OVER w AS previous_seq
        FROM audit_entries e
        WINDOW w AS (ORDER BY e.chain_seq, e.id)
    ), problems AS (
        SELECT c.id, c.at, c.chain_seq,
               CASE WHEN c.chain_seq <> coalesce(c.previous_seq, 0) + 1 THEN 'missing'
                    WHEN c.prev_hash IS DISTINCT FROM coalesce(c.previous_hash, decode(repeat('00', 32), 'hex')) THEN 'relinked'
                    WHEN c.hash IS DISTINCT FROM c.expected THEN 'changed' END AS problem,
               c.chain_seq - coalesce(c.previous_seq, 0) - 1 AS missing_rows
        FROM chain c
    ), first_problem AS (
        SELECT * FROM problems WHERE problem IS NOT NULL ORDER BY chain_seq, id LIMIT 1
    ), head AS (
        SELECT e.chain_seq, e.hash FROM audit_entries e ORDER BY e.chain_seq DESC, e.id DESC LIMIT 1
    )
    SELECT (SELECT count(*) FROM audit_entries), h.chain_seq, h.hash, p.id, p.at, p.chain_seq, p.problem,
           CASE WHEN p.problem = 'missing' THEN p.missing_rows END
    FROM (SELECT 1) one LEFT JOIN head h ON true LEFT JOIN first_problem p ON true
$fn$;
