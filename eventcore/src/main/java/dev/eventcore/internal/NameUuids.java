package dev.eventcore.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based UUIDs (version 3, MD5), equal to {@link UUID#nameUUIDFromBytes}'s, without its
 * look-up of the MD5 provider on every call: each thread keeps a digest. Ids derived this way are
 * stored, so the result must never change.
 */
public final class NameUuids {
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new InternalError("MD5 not supported", e); // required of every Java platform
    }
  });

  private NameUuids() {}

  /** The version 3 UUID of {@code name}: {@code UUID.nameUUIDFromBytes(name)}. */
  public static UUID of(byte[] name) {
    byte[] md5 = MD5.get().digest(name); // digest() resets it for the next call
    md5[6] &= 0x0f; // clear version
    md5[6] |= 0x30; // version 3
    md5[8] &= 0x3f; // clear variant
    md5[8] |= (byte) 0x80; // IETF variant
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (md5[i] & 0xff);
    }
    for (int i = 8; i < 16; i++) {
      lsb = (lsb << 8) | (md5[i] & 0xff);
    }
    return new UUID(msb, lsb);
  }
}
