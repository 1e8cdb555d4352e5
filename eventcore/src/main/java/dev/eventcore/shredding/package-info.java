/**
 * Crypto-shredding: personal data in payloads encrypted with a key per data subject, so that
 * destroying the key erases the data everywhere the store wrote it.
 *
 * <p>{@link dev.eventcore.shredding.PersonalData} marks a record component as personal data of
 * the subject another component names; {@link dev.eventcore.shredding.CryptoShredding} wraps a
 * JSON codec so that marked values are stored encrypted (AES-256-GCM, a key per subject) and reads
 * decrypt them, and {@link dev.eventcore.shredding.CryptoShredding#forget forget(store, subject)}
 * destroys the subject's key and records a {@link dev.eventcore.shredding.SubjectForgotten}
 * event. Keys live behind the {@link dev.eventcore.shredding.SubjectKeyStore} SPI (in memory here,
 * a PostgreSQL table in {@code eventcore-postgres}, any KMS behind it).
 */
@NullMarked
package dev.eventcore.shredding;

import org.jspecify.annotations.NullMarked;
