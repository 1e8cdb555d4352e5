package dev.eventcore.shredding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * A sealed value: AES-GCM with a random 96-bit nonce per value, the subject and key id bound as
 * associated data, stored as the text {@code eventcore-pd:v1:<subject, base64url>:<key
 * id>:<nonce and ciphertext, base64url>}.
 */
final class Sealing {
  /** What every sealed value starts with. */
  static final String PREFIX = "eventcore-pd:v1:";

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** A parsed sealed value. */
  record Sealed(String subject, UUID keyId, String box) {}

  private Sealing() {}

  /** {@code plaintext} sealed with the subject's {@code key}. */
  static String seal(String subject, SubjectKey key, String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associated(subject, key.id()));
      sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encrypting personal data failed: " + e, e);
    }
    byte[] box = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    return PREFIX + ENCODER.encodeToString(subject.getBytes(StandardCharsets.UTF_8)) + ":"
        + key.id() + ":" + ENCODER.encodeToString(box);
  }

  /** {@code text} parsed, or null if it is not a sealed value. */
  static @Nullable Sealed parse(String text) {
    if (!text.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = text.substring(PREFIX.length()).split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("a sealed personal value has 3 parts after its prefix,"
          + " not " + parts.length);
    }
    return new Sealed(new String(DECODER.decode(parts[0]), StandardCharsets.UTF_8),
        UUID.fromString(parts[1]), parts[2]);
  }

  /**
   * The plaintext of {@code sealed}.
   *
   * @throws IllegalArgumentException if {@code key} does not open it (a damaged value)
   */
  static String open(Sealed sealed, SubjectKey key) {
    byte[] box = DECODER.decode(sealed.box());
    if (box.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("a sealed personal value is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key.secret(),
          new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
      cipher.updateAAD(associated(sealed.subject(), key.id()));
      byte[] plain = cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException("a sealed personal value of subject " + sealed.subject()
          + " does not open with its key " + key.id() + ": it was altered", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("decrypting personal data failed: " + e, e);
    }
  }

  private static byte[] associated(String subject, UUID keyId) {
    return (subject + "\n" + keyId).getBytes(StandardCharsets.UTF_8);
  }
}
