/**
 * Stock per SKU as an aggregate: one stream per SKU ({@code inventory-<sku>}) records stock
 * received and reservations held, released or committed for orders. Reserving is idempotent per
 * order id, so a redelivered request never reserves twice.
 */
@NullMarked
package dev.eventcore.examples.inventory;

import org.jspecify.annotations.NullMarked;
