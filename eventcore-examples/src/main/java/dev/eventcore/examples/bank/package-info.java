/**
 * Bank accounts with overdraft limits, and a transfer between two of them as one multi-stream
 * {@link dev.eventcore.command.Command}: the debit and the credit are appended to both account
 * streams atomically, each checked against the version the decision was made on, so money is
 * never created or lost however many transfers race.
 */
@NullMarked
package dev.eventcore.examples.bank;

import org.jspecify.annotations.NullMarked;
