package dev.eventcore.shredding;

import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A JSON codec that encrypts {@link PersonalData} values: made by {@link
 * CryptoShredding#codec(EventCodec)}. It lets the wrapped codec write the payload, then replaces
 * each marked top-level value by a JSON string holding it sealed; reading opens the seals (or
 * puts the redaction marker in) before the wrapped codec reads the payload. It keeps the wrapped
 * codec's name, so events written before it read as they were.
 */
final class PersonalDataCodec implements EventCodec {
  private final EventCodec codec;
  private final SubjectKeys keys;

  PersonalDataCodec(EventCodec codec, SubjectKeys keys) {
    if (codec.format() != Format.JSON) {
      throw new IllegalArgumentException("crypto-shredding works on a JSON codec; " + codec.name()
          + " writes " + codec.format() + " (use JacksonCodec.json() or another JSON codec)");
    }
    if (codec instanceof PersonalDataCodec) {
      throw new IllegalArgumentException("the codec encrypts personal data already");
    }
    this.codec = codec;
    this.keys = keys;
  }

  @Override
  public String name() {
    return codec.name();
  }

  @Override
  public Format format() {
    return Format.JSON;
  }

  @Override
  public JsonLimits readLimits() {
    return codec.readLimits();
  }

  /** False: a subject forgotten between an append and its read-back reads back redacted. */
  @Override
  public boolean readsBackEqual() {
    return false;
  }

  @Override
  public byte[] encode(Object payload) {
    List<PersonalFields.Field> fields = PersonalFields.of(payload.getClass());
    byte[] bytes = codec.encode(payload);
    if (fields.isEmpty()) {
      return bytes;
    }
    String json = new String(bytes, StandardCharsets.UTF_8);
    Map<String, JsonMembers.Span> members = JsonMembers.of(json);
    Splice splice = new Splice(json);
    // one key per subject for the whole payload, so a concurrent forget cannot split it
    Map<String, SubjectKey> used = new HashMap<>();
    for (PersonalFields.Field field : fields) {
      JsonMembers.Span span = members.get(field.name());
      if (span == null) {
        throw new IllegalArgumentException("the codec " + codec.name() + " wrote no property \""
            + field.name() + "\" for the @PersonalData component " + field.name() + " of "
            + payload.getClass().getName() + ": a marked component must be written under its own"
            + " name (not renamed, ignored or unwrapped)");
      }
      String value = json.substring(span.start(), span.end());
      if (value.equals("null")) {
        continue;
      }
      String subject = field.subjectOf(payload);
      SubjectKey key = used.computeIfAbsent(subject, keys::keyFor);
      splice.put(span, JsonMembers.quote(Sealing.seal(subject, key, value)));
    }
    return splice.text().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <T> T decode(byte[] data, Class<T> type) {
    List<PersonalFields.Field> fields = PersonalFields.of(type);
    if (fields.isEmpty()) {
      return codec.decode(data, type);
    }
    String json = new String(data, StandardCharsets.UTF_8);
    Map<String, JsonMembers.Span> members = JsonMembers.of(json);
    Splice splice = new Splice(json);
    // one look-up per key for the whole payload: all its values of a subject open, or none do
    Map<UUID, Optional<SubjectKey>> found = new HashMap<>();
    for (PersonalFields.Field field : fields) {
      JsonMembers.Span span = members.get(field.name());
      if (span == null) {
        continue;
      }
      String text = JsonMembers.unquote(json.substring(span.start(), span.end()));
      Sealing.Sealed sealed = text == null ? null : Sealing.parse(text);
      if (sealed == null) {
        continue; // written in clear, before the codec encrypted it
      }
      Optional<SubjectKey> key =
          found.computeIfAbsent(sealed.keyId(), id -> keys.find(sealed.subject(), id));
      splice.put(span, key.isPresent() ? Sealing.open(sealed, key.get())
          : Redaction.of(field.type()));
    }
    return decodeOpened(splice.text().getBytes(StandardCharsets.UTF_8), type);
  }

  /**
   * The wrapped codec's reading of decrypted JSON. Its failure is reported without its message or
   * cause: a reader's message may quote the value it could not read (personal data in clear), and
   * the store keeps failure messages (dead letters, logs).
   */
  @SuppressWarnings("UnusedException") // the cause is left out on purpose, see above
  private <T> T decodeOpened(byte[] json, Class<T> type) {
    try {
      return codec.decode(json, type);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the codec " + codec.name() + " cannot read "
          + type.getName() + " with its personal data decrypted (" + e.getClass().getName()
          + "; its message is withheld as it may quote personal data)");
    }
  }

  @Override
  public String toString() {
    return "CryptoShredding(" + codec + ")";
  }
}
