package dev.eventcore.postgres;

import dev.eventcore.observe.Observer;
import javax.sql.DataSource;

/**
 * The connection pool a store built from a URL owns and closes. Only {@link HikariPool} knows
 * HikariCP, so a store given its own {@code DataSource} runs without HikariCP on the class path.
 */
interface OwnedPool extends AutoCloseable {

  /** The pool's connections. */
  DataSource dataSource();

  /** Tells {@code observer} how many connections are in use, idle, and awaited. */
  void reportUse(Observer observer);

  @Override
  void close();
}
