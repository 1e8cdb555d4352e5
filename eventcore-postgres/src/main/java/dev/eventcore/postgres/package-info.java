/**
 * The PostgreSQL event store: {@link dev.eventcore.postgres.PostgresEventStore}; beside it, in the
 * same schema: {@link dev.eventcore.postgres.JdbcProjection} (exactly-once table projections),
 * {@link dev.eventcore.postgres.PostgresCheckpointStore}, {@link
 * dev.eventcore.postgres.PostgresProjectionLease}, {@link
 * dev.eventcore.postgres.PostgresDeadLetterStore} and {@link
 * dev.eventcore.postgres.PostgresSnapshotStore}; for tools outside the application (the admin
 * CLI): {@link dev.eventcore.postgres.PostgresProjectionAdmin} (inspect, pause, resume, rebuild and
 * reset projections across processes) and {@link dev.eventcore.postgres.PostgresLogInfo} (the end
 * of the readable log, the open transactions holding it back).
 *
 * <p>Schema (installed by Flyway from {@code dev/eventcore/postgres/schema/} with its own history
 * table {@code eventcore_schema_history}, or by your DBA from {@link
 * dev.eventcore.postgres.PostgresEventStore#schemaSql(String)}): {@code events(tx xid8, ordinal,
 * stream_id, version, event_id, type, revision, data jsonb, metadata jsonb, recorded_at)} (a
 * stream's version is its greatest event version; V6 dropped the former {@code streams} table)
 * and the functions {@code append_batch}, {@code append_singles} and {@code read_stream} (V12);
 * {@code checkpoints},
 * {@code projection_leases}, {@code dead_letters} (V2; V7 added the raw envelope of events that
 * could not be decoded; V9 the operator's pause and rebuild requests on leases) and {@code
 * snapshots} (V3); V9 also indexes each stream's first event, for listing streams.
 *
 * <p>Least privilege: run migrations with an owner role; the runtime role needs USAGE on the
 * schema, SELECT and INSERT on {@code events}, EXECUTE on {@code append_batch}, {@code
 * append_singles} and {@code read_stream}; never UPDATE,
 * DELETE or TRUNCATE on {@code events}. Seeing the
 * horizon blocker's details in {@link dev.eventcore.postgres.HorizonStatus} needs {@code
 * pg_read_all_stats}.
 *
 * <p>Limits: at most 1,048,575 events per transaction (one append or one group-commit batch), as a
 * {@link dev.eventcore.GlobalPosition} holds the transaction id and a 20-bit ordinal.
 *
 * <p>Everything but the classes named above, {@code HorizonStatus}, {@code StoredProjection} and
 * {@code OpenTransaction} is internal.
 */
@NullMarked
package dev.eventcore.postgres;

import org.jspecify.annotations.NullMarked;
