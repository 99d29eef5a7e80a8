-- The bell's query at province scale (docs/performance.md, "消息: the bell"). Run against a migrated database with at least
-- one account (airplan create-admin): psql -v ON_ERROR_STOP=1 -f bench/notifications/bell.sql
-- 15,000 accounts (one liaison per unit of the generated province, plus coordinators) with 300 messages each, 3% unread,
-- and one coordinator with 50,000 messages of which 5,000 are unread (the worst case: a province office nobody reads for).
\timing off
SET client_min_messages = warning;
DELETE FROM notifications WHERE user_id LIKE 'bench-%';
DELETE FROM users WHERE id LIKE 'bench-%';
INSERT INTO users SELECT (jsonb_populate_record(u, jsonb_build_object('id', 'bench-' || g, 'user_name', 'bench-' || g,
    'normalized_user_name', 'BENCH-' || g, 'security_stamp', md5(g::text), 'concurrency_stamp', md5(g::text)))).*
FROM users u, generate_series(1, 15000) g WHERE u.user_name = (SELECT min(user_name) FROM users WHERE id NOT LIKE 'bench-%');
INSERT INTO notifications (user_id, kind, title, body, link, created_at, read_at)
SELECT 'bench-' || u, 'overdue', '逾期催办：第' || m || '号任务', '请尽快报送进展并上传佐证材料。', '/plans/gen/tasks/1#a-1',
       timestamptz '2025-01-01 08:00+08' + (m * interval '1 day'),
       CASE WHEN m > 291 THEN NULL ELSE timestamptz '2025-01-02 08:00+08' + (m * interval '1 day') END
FROM generate_series(2, 15000) u, generate_series(1, 300) m;
INSERT INTO notifications (user_id, kind, title, body, link, created_at, read_at)
SELECT 'bench-1', 'escalated', '督办：第' || m || '号任务', '逾期超过15天。', '/plans/gen/tasks/1#a-1',
       timestamptz '2025-01-01 08:00+08' + (m * interval '10 minutes'),
       CASE WHEN m > 45000 THEN NULL ELSE timestamptz '2025-01-02 08:00+08' END
FROM generate_series(1, 50000) m;
VACUUM ANALYZE notifications;
SELECT count(*) AS notifications, count(*) FILTER (WHERE read_at IS NULL) AS unread FROM notifications;
SELECT pg_size_pretty(pg_relation_size('notifications')) AS table_size,
       pg_size_pretty(pg_relation_size('ix_notifications_unread')) AS unread_index_size;

-- The bell (Inbox.CountUnreadAsync, as EF Core sends it): a typical liaison, then the worst case.
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::int FROM notifications AS n WHERE n.user_id = 'bench-777' AND n.read_at IS NULL;
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::int FROM notifications AS n WHERE n.user_id = 'bench-1' AND n.read_at IS NULL;
-- The 消息 page's first page (Inbox.ListAsync: total, then 20 newest).
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::int FROM notifications AS n WHERE n.user_id = 'bench-777';
EXPLAIN (ANALYZE, BUFFERS) SELECT n.id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at IS NOT NULL
FROM notifications AS n WHERE n.user_id = 'bench-777' ORDER BY n.created_at DESC, n.id DESC LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS) SELECT n.id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at IS NOT NULL
FROM notifications AS n WHERE n.user_id = 'bench-1' ORDER BY n.created_at DESC, n.id DESC LIMIT 20;
-- The sender's poll with nothing due (every PollSeconds on every instance).
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM notification_deliveries
WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT 20 FOR UPDATE SKIP LOCKED;
