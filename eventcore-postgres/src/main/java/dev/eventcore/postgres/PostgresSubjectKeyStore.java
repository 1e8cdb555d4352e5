package dev.eventcore.postgres;

import dev.eventcore.StoreFailureException;
import dev.eventcore.shredding.SubjectKey;
import dev.eventcore.shredding.SubjectKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The keys of data subjects in the store's {@code subject_keys} table (V16), for {@code
 * CryptoShredding}: one AES-256 key per subject, made on its first use, destroyed by the schema's
 * {@code forget_subject} function (the runtime role needs no DELETE on the table).
 *
 * <pre>{@code
 * CryptoShredding shredding =
 *     CryptoShredding.using(PostgresSubjectKeyStore.of(dataSource, "eventcore"));
 * PostgresEventStore store = PostgresEventStore.builder()
 *     .dataSource(dataSource).schema("eventcore")
 *     .eventTypes(EventTypes.of(CustomerEvent.class).and(CryptoShredding.eventTypes()))
 *     .codec(shredding.codec(JacksonCodec.json()))
 *     .build();
 * }</pre>
 *
 * <p>Concurrent first uses of a subject in any number of processes agree on one key (the primary
 * key decides). {@link #destroy} deletes the row: the key is gone for every process at commit
 * (its bytes remain in the table's dead row versions until autovacuum removes them, and in WAL
 * and backups for their retention). Whoever can read the table can decrypt: grant SELECT on it to
 * the runtime role only; for keys wrapped by an external KMS, implement {@link SubjectKeyStore}
 * over it instead. Thread-safe.
 *
 * @since 0.2.0
 */
public final class PostgresSubjectKeyStore implements SubjectKeyStore {
  private static final int ATTEMPTS = 3;

  private final DataSource dataSource;
  private final SchemaNames names;
  private final String insertSql;
  private final String findSql;
  private final String destroySql;

  private PostgresSubjectKeyStore(DataSource dataSource, SchemaNames names) {
    this.dataSource = dataSource;
    this.names = names;
    String table = names.qualified("subject_keys");
    this.insertSql = "INSERT INTO " + table + " (subject, key_id, key_bytes) VALUES (?, ?, ?)"
        + " ON CONFLICT (subject) DO NOTHING";
    this.findSql = "SELECT key_id, key_bytes FROM " + table + " WHERE subject = ?";
    this.destroySql = "SELECT " + names.qualified("forget_subject") + "(?)";
  }

  /** The keys kept in {@code store}'s schema, over its connections. */
  public static PostgresSubjectKeyStore of(PostgresEventStore store) {
    Objects.requireNonNull(store, "store");
    return new PostgresSubjectKeyStore(store.dataSource(), SchemaNames.of(store));
  }

  /**
   * The keys kept in {@code schema} (installed by a store's migration, V16), over connections of
   * {@code dataSource}: for a key store made before the store whose codec uses it.
   *
   * @throws IllegalArgumentException if {@code schema} is not a valid schema name
   */
  public static PostgresSubjectKeyStore of(DataSource dataSource, String schema) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new PostgresSubjectKeyStore(dataSource, new SchemaNames(SchemaNames.validate(schema)));
  }

  @Override
  public SubjectKey keyFor(String subject) {
    requireSubject(subject);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<SubjectKey> found = find(subject);
      if (found.isPresent()) {
        return found.get();
      }
      SubjectKey made = SubjectKey.generate();
      if (insert(subject, made)) {
        return made;
      } // another process made it meanwhile (or destroyed it again): read it
    }
    throw new StoreFailureException("the key of data subject " + subject + " was made and"
        + " destroyed concurrently " + ATTEMPTS + " times; try again", null);
  }

  @Override
  public Optional<SubjectKey> find(String subject) {
    requireSubject(subject);
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(findSql)) {
      statement.setString(1, names.key(subject));
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(SubjectKey.of(row.getObject(1, UUID.class), row.getBytes(2)));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("reading the key of a data subject", e);
    }
  }

  @Override
  public boolean destroy(String subject) {
    requireSubject(subject);
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(destroySql)) {
      statement.setString(1, names.key(subject));
      boolean destroyed;
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        destroyed = row.getBoolean(1);
      }
      commitIfOwnTransaction(c);
      return destroyed;
    } catch (SQLException e) {
      throw SqlErrors.translate("destroying the key of a data subject (EXECUTE on "
          + "forget_subject is needed)", e);
    }
  }

  private boolean insert(String subject, SubjectKey key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(insertSql)) {
      statement.setString(1, names.key(subject));
      statement.setObject(2, key.id());
      statement.setBytes(3, key.secret().getEncoded());
      int inserted = statement.executeUpdate();
      commitIfOwnTransaction(c);
      return inserted == 1;
    } catch (SQLException e) {
      throw SqlErrors.translate("storing the key of a data subject", e);
    }
  }

  /** A connection the pool hands out with auto-commit off is committed, and left in its mode. */
  private static void commitIfOwnTransaction(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  private static void requireSubject(String subject) {
    Objects.requireNonNull(subject, "subject");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("a data subject id must not be blank");
    }
  }
}
