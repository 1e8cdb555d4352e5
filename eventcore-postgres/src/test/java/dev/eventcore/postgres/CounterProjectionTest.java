package dev.eventcore.postgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh schema, a store on it and the {@link CounterReadModel} table, for projection tests. */
abstract class CounterProjectionTest {
  PostgresTestDatabase db;
  PostgresEventStore store;
  CounterReadModel model;

  @BeforeEach
  void open() throws Exception {
    db = PostgresTestDatabase.newSchema();
    store = db.store();
    model = new CounterReadModel(db);
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    db.close();
  }
}
