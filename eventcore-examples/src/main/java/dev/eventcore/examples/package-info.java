/**
 * Examples built only on eventcore's public API: the order aggregate, read models, the fulfillment
 * saga, the bank transfer, the order pipeline and the runnable demo.
 *
 * <p>This package holds the values the examples share: {@link dev.eventcore.examples.Money}
 * (exact integer cents, never floating point), {@link dev.eventcore.examples.Sku} and the
 * identifier rule of {@link dev.eventcore.examples.Ids}.
 */
@NullMarked
package dev.eventcore.examples;

import org.jspecify.annotations.NullMarked;
