package dev.eventcore.examples.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.Order;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.PostgresTestDatabase;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Both outbox examples on PostgreSQL: a placed order has its row and its event; an order whose
 * row cannot be written (its id is in the table already) leaves no event, and one whose stream
 * exists leaves no row.
 */
class OrderDeskTest {
  private static final List<LineItem> LINES =
      List.of(new LineItem(Sku.of("APPLE"), 2, Money.ofCents(150)));

  private final PostgresTestDatabase db = PostgresTestDatabase.newSchema();
  private PostgresEventStore store;
  private DataSource dataSource;

  @BeforeEach
  void open() throws SQLException {
    store = PostgresEventStore.builder().jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(db.schema()).eventTypes(EventTypes.of(OrderEvent.class)).build();
    PGSimpleDataSource simple = new PGSimpleDataSource();
    simple.setURL(PostgresTestDatabase.jdbcUrl());
    dataSource = simple;
    new JdbcOrderDesk(store, dataSource).createTable();
  }

  @AfterEach
  void close() throws SQLException {
    store.close();
    db.close();
  }

  /** What both desks do: place an order, its row and its event together. */
  private interface Desk {
    AppendResult place(String orderId) throws Exception;
  }

  @Test
  void thePlainJdbcDeskWritesTheRowAndTheEventOrNeither() throws Exception {
    JdbcOrderDesk desk = new JdbcOrderDesk(store, dataSource);
    rowAndEventOrNeither(id -> desk.place(id, "c-1", LINES), SQLException.class);
  }

  @Test
  void theSpringDeskWritesTheRowAndTheEventOrNeither() throws Exception {
    SpringOrderDesk desk = SpringOrderDesk.of(store, dataSource);
    rowAndEventOrNeither(id -> desk.place(id, "c-1", LINES), IllegalStateException.class);
  }

  private void rowAndEventOrNeither(Desk desk, Class<? extends Exception> rowFailure)
      throws Exception {
    assertEquals(Version.of(1), desk.place("o-1").versions().get(Order.stream("o-1")));
    assertPlaced("o-1", 1, 1);

    // a row for o-2 already: the insert fails after the append, and the rollback takes the event
    insertRowDirectly("o-2");
    assertThrows(rowFailure, () -> desk.place("o-2"));
    assertPlaced("o-2", 1, 0);

    // the stream of o-3 exists already: the append fails first, and no row is written
    store.append(Order.stream("o-3"), ExpectedVersion.noStream(),
        List.of(EventData.of(new OrderEvent.OrderPlaced("o-3", "c-9", LINES))));
    assertThrows(WrongExpectedVersionException.class, () -> desk.place("o-3"));
    assertPlaced("o-3", 0, 1);
  }

  private void insertRowDirectly(String orderId) throws SQLException {
    try (Connection c = DriverManager.getConnection(PostgresTestDatabase.jdbcUrl())) {
      OrdersTable.insert(store, c, orderId, "someone", 1);
    }
  }

  private void assertPlaced(String orderId, long rows, long events) throws SQLException {
    try (Connection c = DriverManager.getConnection(PostgresTestDatabase.jdbcUrl());
        Statement statement = c.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM " + OrdersTable.name(store)
            + " WHERE id = '" + orderId + "'")) {
      row.next();
      assertEquals(rows, row.getLong(1), "rows of " + orderId);
    }
    assertEquals(events, store.readStream(Order.stream(orderId)).size(), "events of " + orderId);
  }
}
