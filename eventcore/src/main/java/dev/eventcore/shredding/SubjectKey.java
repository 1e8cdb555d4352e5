package dev.eventcore.shredding;

import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A data subject's key: an AES key and an id that tells this key from an earlier, destroyed key of
 * the same subject (stored with every value it encrypts).
 *
 * <pre>{@code
 * SubjectKey key = SubjectKey.generate();                       // AES-256, random id
 * SubjectKey same = SubjectKey.of(key.id(), key.secret().getEncoded());
 * }</pre>
 *
 * @param id the key's id, unique among all keys ever made
 * @param secret the AES key (256 bits from {@link #generate()})
 * @since 0.2.0
 */
public record SubjectKey(UUID id, SecretKey secret) {
  /** The bytes of a generated key. */
  public static final int KEY_BYTES = 32;

  /** Validates the arguments. */
  public SubjectKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(secret, "secret");
    if (!"AES".equalsIgnoreCase(secret.getAlgorithm())) {
      throw new IllegalArgumentException(
          "a subject key must be an AES key, not " + secret.getAlgorithm());
    }
  }

  /** A new AES-256 key with a random id. */
  public static SubjectKey generate() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(KEY_BYTES * 8);
      return new SubjectKey(UUID.randomUUID(), generator.generateKey());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no AES key generator", e);
    }
  }

  /** The key of {@code id} made of raw AES key bytes (16, 24 or 32), as a key store keeps them. */
  public static SubjectKey of(UUID id, byte[] keyBytes) {
    int length = Objects.requireNonNull(keyBytes, "keyBytes").length;
    if (length != 16 && length != 24 && length != 32) {
      throw new IllegalArgumentException(
          "an AES key has 16, 24 or 32 bytes, not " + length);
    }
    return new SubjectKey(id, new SecretKeySpec(keyBytes, "AES"));
  }

  /** Does not show the key. */
  @Override
  public String toString() {
    return "SubjectKey[id=" + id + "]";
  }
}
