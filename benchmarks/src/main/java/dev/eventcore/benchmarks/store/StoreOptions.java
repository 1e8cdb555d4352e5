package dev.eventcore.benchmarks.store;

import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.EventTypes;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What a workload asks of a store.
 *
 * @param dataSource a pooled data source on the benchmark database whose connections count their
 *     round trips; the store must not close it
 * @param schema the schema the store works in; the suite drops it after the workload
 * @param eventTypes the event types to register
 * @param groupCommit whether concurrent appends are coalesced into one commit (workload W2)
 * @param codec the payload codec (workload W14; the in-memory store keeps objects and ignores it)
 */
public record StoreOptions(DataSource dataSource, String schema, EventTypes eventTypes,
    boolean groupCommit, EventCodec codec) {

  /** Validates the arguments. */
  public StoreOptions {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(eventTypes, "eventTypes");
    Objects.requireNonNull(codec, "codec");
  }
}
