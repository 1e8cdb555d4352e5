package dev.eventcore.postgres;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An application without HikariCP and Flyway on its class path, run by {@link
 * OptionalDependenciesTest} in a JVM of its own: arguments are the JDBC URL and a fresh schema.
 */
public final class WithoutOptionalDependencies {
  private WithoutOptionalDependencies() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String schema = args[1];
    EventTypes types = EventTypes.of(TestEvent.class);
    try {
      PostgresEventStore.builder().jdbcUrl(url).schema(schema).eventTypes(types).build();
      System.out.println("jdbcUrl: built");
    } catch (IllegalStateException e) {
      System.out.println("jdbcUrl: " + e.getMessage());
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    try {
      PostgresEventStore.builder().dataSource(dataSource).schema(schema).eventTypes(types).build();
      System.out.println("migrate: built");
    } catch (IllegalStateException e) {
      System.out.println("migrate: " + e.getMessage());
    }
    try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
      statement.execute(PostgresEventStore.schemaSql(schema));
    }
    try (EventStore store = PostgresEventStore.builder().dataSource(dataSource).schema(schema)
        .eventTypes(types).migrate(false).build()) {
      StreamId stream = StreamId.of("order-1");
      store.append(stream, ExpectedVersion.noStream(),
          List.of(EventData.of(new TestEvent.Numbered(7))));
      System.out.println("read: " + store.readStream(stream).get(0).payload());
    }
  }
}
