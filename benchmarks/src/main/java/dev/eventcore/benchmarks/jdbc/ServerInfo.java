package dev.eventcore.benchmarks.jdbc;

import java.util.Objects;

/**
 * The server settings every report starts with.
 *
 * @param version {@code server_version}
 * @param fsync {@code fsync}
 * @param synchronousCommit {@code synchronous_commit}
 * @param walSyncMethod {@code wal_sync_method}
 * @param sharedBuffers {@code shared_buffers}
 * @param pgStatStatements whether the pg_stat_statements extension is installed in the database
 */
public record ServerInfo(String version, String fsync, String synchronousCommit,
    String walSyncMethod, String sharedBuffers, boolean pgStatStatements) {

  /** Validates the arguments. */
  public ServerInfo {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(fsync, "fsync");
    Objects.requireNonNull(synchronousCommit, "synchronousCommit");
    Objects.requireNonNull(walSyncMethod, "walSyncMethod");
    Objects.requireNonNull(sharedBuffers, "sharedBuffers");
  }
}
