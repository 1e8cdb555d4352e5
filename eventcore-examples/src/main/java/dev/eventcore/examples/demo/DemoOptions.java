package dev.eventcore.examples.demo;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The demo's command line.
 *
 * @param orders how many orders to place: 1 to 100,000
 * @param jdbcUrl the PostgreSQL database, or empty for the in-memory store
 * @param reset whether to drop the demo schema first
 * @param seed the seed of the scenario (products, quantities, declines)
 * @param paymentTimeout how long the saga waits for a payment answer before compensating
 */
record DemoOptions(
    int orders, Optional<String> jdbcUrl, boolean reset, long seed, Duration paymentTimeout) {
  static final String USAGE = String.join("\n",
      "usage: java -jar eventcore-demo.jar [--orders N] [--jdbc-url URL [--reset]] [--seed S]",
      "  --orders N       orders to place (default 300)",
      "  --jdbc-url URL   use PostgreSQL, e.g. jdbc:postgresql://localhost:5432/postgres?user=postgres",
      "                   (schema " + Demo.SCHEMA + "); without it the store is in memory",
      "  --reset          drop the demo schema first and start clean",
      "  --seed S         the scenario's random seed (default 42)");

  DemoOptions {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(paymentTimeout, "paymentTimeout");
    if (orders < 1 || orders > 100_000) {
      throw new IllegalArgumentException("--orders is " + orders + "; allowed: 1 to 100000");
    }
    if (reset && jdbcUrl.isEmpty()) {
      throw new IllegalArgumentException("--reset needs --jdbc-url: the in-memory store starts clean anyway");
    }
  }

  /** Parses {@code args}; throws {@link IllegalArgumentException} with a message for the user. */
  static DemoOptions parse(String... args) {
    int orders = 300;
    Optional<String> jdbcUrl = Optional.empty();
    boolean reset = false;
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ("--reset".equals(arg)) {
        reset = true;
      } else if ("--orders".equals(arg) || "--jdbc-url".equals(arg) || "--seed".equals(arg)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        String value = args[++i];
        try {
          if ("--orders".equals(arg)) {
            orders = Integer.parseInt(value);
          } else if ("--seed".equals(arg)) {
            seed = Long.parseLong(value);
          } else {
            jdbcUrl = Optional.of(value);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(arg + " needs a number, not '" + value + "'", e);
        }
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return new DemoOptions(orders, jdbcUrl, reset, seed, Duration.ofSeconds(2));
  }
}
