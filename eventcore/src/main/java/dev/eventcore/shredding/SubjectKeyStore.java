package dev.eventcore.shredding;

import java.util.Optional;

/**
 * Where the keys of data subjects are kept: the SPI behind {@link CryptoShredding}. {@code
 * eventcore} ships {@link InMemorySubjectKeyStore}; {@code eventcore-postgres} keeps keys in a
 * table of the store's schema ({@code PostgresSubjectKeyStore}); an external KMS fits behind these
 * three methods (e.g. keys wrapped by a KMS master key, or held in the KMS itself).
 *
 * <pre>{@code
 * SubjectKeyStore keys = new InMemorySubjectKeyStore();
 * SubjectKey key = keys.keyFor("customer-42");   // made on first use
 * keys.destroy("customer-42");                   // gone for good
 * }</pre>
 *
 * <p>Contract: {@link #keyFor} returns the subject's current key, making and storing one (e.g.
 * {@link SubjectKey#generate()}) if it has none, and concurrent first calls for one subject return
 * the same key; {@link #destroy} removes the key so that no copy is left the store could serve or
 * restore. A subject whose key was destroyed gets a new key (with a new id) on the next {@link
 * #keyFor}: values encrypted with the old key stay unreadable. Subject ids are non-blank strings
 * (the caller checks). Thread-safe; failures are unchecked exceptions.
 *
 * @since 0.2.0
 */
public interface SubjectKeyStore {

  /** The subject's key, made and stored first if it has none. */
  SubjectKey keyFor(String subject);

  /** The subject's key, if it has one. */
  Optional<SubjectKey> find(String subject);

  /**
   * Destroys the subject's key.
   *
   * @return whether there was a key to destroy
   */
  boolean destroy(String subject);
}
