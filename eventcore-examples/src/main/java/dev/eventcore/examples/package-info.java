/**
 * Examples built only on eventcore's public API: the order aggregate, read models, the fulfillment
 * saga, the bank transfer, and the runnable demo.
 */
@NullMarked
package dev.eventcore.examples;

import org.jspecify.annotations.NullMarked;
