/**
 * Dynamic consistency boundaries: decisions over the events a query selects by type and tag, and
 * appends on the condition that none of them was written since the read. {@link
 * dev.eventcore.dcb.DcbStore} (from {@code EventStore.boundaries()}) reads and appends; {@link
 * dev.eventcore.dcb.DcbDecider} runs read, fold, decide and append with retries. See
 * docs/boundaries.md for the model and why the condition is race-free.
 */
@NullMarked
package dev.eventcore.dcb;

import org.jspecify.annotations.NullMarked;
