/**
 * Appends in the application's own transaction (outbox style): a row in the application's {@code
 * orders} table and the order's {@code OrderPlaced} event commit or roll back together, with plain
 * JDBC ({@link dev.eventcore.examples.outbox.JdbcOrderDesk}) and with Spring's {@code
 * TransactionTemplate} ({@link dev.eventcore.examples.outbox.SpringOrderDesk}).
 */
package dev.eventcore.examples.outbox;
