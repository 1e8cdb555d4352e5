package dev.eventcore.shredding;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.EventTypes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Crypto-shredding: {@link PersonalData} in payloads is stored encrypted with a key per data
 * subject, and {@link #forget} destroys the key, which erases the data wherever the store wrote it
 * (events, snapshots, the raw envelopes of dead letters, saga streams) without rewriting any row.
 *
 * <pre>{@code
 * CryptoShredding shredding = CryptoShredding.using(PostgresSubjectKeyStore.of(...));
 * EventStore store = PostgresEventStore.builder()
 *     .eventTypes(EventTypes.of(CustomerEvent.class).and(CryptoShredding.eventTypes()))
 *     .codec(shredding.codec(JacksonCodec.json()))
 *     ...build();
 * store.append(stream, ExpectedVersion.any(),
 *     List.of(EventData.of(new CustomerRegistered("c-42", "ann@example.com", 1984, "pro"))));
 * shredding.forget(store, "c-42");   // email reads "[forgotten]", birthYear 0, plan "pro"
 * }</pre>
 *
 * <p><b>What is encrypted.</b> The {@link #codec(EventCodec) codec} wraps a {@link
 * EventCodec.Format#JSON JSON} codec (a binary codec is refused): after the wrapped codec wrote a
 * record, each of its top-level components marked {@link PersonalData} is replaced by a JSON
 * string {@code "eventcore-pd:v1:<subject>:<key id>:<nonce+ciphertext>"} (AES-256-GCM, a random
 * 96-bit nonce per value, base64url) holding the value's JSON text (any type: string, number,
 * object, list). A null value stays null. The component must be written under its own name. Only
 * the payload's own components are seen, not those of nested objects. Values written in clear
 * before the codec was in place read as they are (and are not erased by {@link #forget}).
 *
 * <p><b>Redaction.</b> After {@link #forget}, a marked value reads as: {@value #REDACTED} ({@link
 * #REDACTED}) for a {@code String} or {@code CharSequence}; {@code false} for a {@code boolean};
 * {@code 0} for the other numeric primitives; {@code '\0'} for a {@code char}; {@code null} for
 * any other type (boxed primitives, objects, collections, {@code Optional} with a codec that
 * reads null as empty). The rest of the event reads as written, on every read path that decodes
 * with the codec (stream and log reads, subscriptions, aggregate loads, snapshots).
 *
 * <p><b>Keys.</b> Keys come from a {@link SubjectKeyStore} through a cache (time to live {@link
 * #DEFAULT_CACHE_TTL} unless given). Once {@link #forget} returns, this instance serves no key of
 * the subject; another process that cached the key decrypts with it for at most its time to live
 * (whatever it writes meanwhile is still encrypted, so no plaintext reaches a table).
 *
 * <p>Thread-safe. Share one instance per key store in a process.
 *
 * @since 0.2.0
 */
public final class CryptoShredding {
  /** What a forgotten {@code String} value reads as. */
  public static final String REDACTED = "[forgotten]";

  /** The stream {@link #forget} records each {@link SubjectForgotten} in. */
  public static final StreamId ERASURES = StreamId.of("eventcore-erasures");

  /** How long a key, or its absence, is cached by default. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(1);

  private static final int MAX_CACHED_KEYS = 10_000;

  private final SubjectKeys keys;
  private final Clock clock;

  private CryptoShredding(SubjectKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** Crypto-shredding with the keys of {@code keyStore}, cached for {@link #DEFAULT_CACHE_TTL}. */
  public static CryptoShredding using(SubjectKeyStore keyStore) {
    return using(keyStore, DEFAULT_CACHE_TTL, Clock.systemUTC());
  }

  /**
   * Crypto-shredding with the keys of {@code keyStore}, cached for {@code cacheTtl} ({@code
   * Duration.ZERO}: every encryption and decryption asks the key store), erasures stamped by
   * {@code clock}.
   */
  public static CryptoShredding using(SubjectKeyStore keyStore, Duration cacheTtl, Clock clock) {
    Objects.requireNonNull(keyStore, "keyStore is required: a SubjectKeyStore keeps the keys"
        + " (InMemorySubjectKeyStore, PostgresSubjectKeyStore or your KMS's)");
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    Objects.requireNonNull(clock, "clock");
    if (cacheTtl.isNegative()) {
      throw new IllegalArgumentException("cacheTtl must not be negative: " + cacheTtl);
    }
    return new CryptoShredding(new SubjectKeys(keyStore, cacheTtl, MAX_CACHED_KEYS), clock);
  }

  /**
   * {@code codec} with {@link PersonalData} values encrypted: give it to a store builder (and to
   * every other store reading the same events) as its codec. Keeps {@code codec}'s name.
   *
   * @throws IllegalArgumentException if {@code codec} is not a JSON codec
   */
  public EventCodec codec(EventCodec codec) {
    return new PersonalDataCodec(Objects.requireNonNull(codec, "codec"), keys);
  }

  /**
   * Forgets a data subject: records a {@link SubjectForgotten} in {@link #ERASURES} of {@code
   * store}, then destroys the subject's key. From then on its personal data reads as redacted.
   * Recording first means a failure leaves the key in place (call again); calling again after
   * success records another erasure and destroys nothing. New personal data of the subject appended
   * later is encrypted with a new key.
   *
   * @param store the store whose read models hear of the erasure (its event types must include
   *     {@link #eventTypes()})
   * @param subject the data subject's id, not blank
   * @return the recorded erasure
   * @throws IllegalArgumentException if {@code subject} is blank
   */
  public SubjectForgotten forget(EventStore store, String subject) {
    Objects.requireNonNull(store, "store");
    SubjectForgotten forgotten = new SubjectForgotten(Subjects.require(subject), clock.instant());
    store.append(ERASURES, ExpectedVersion.any(), List.of(EventData.of(forgotten)));
    keys.forget(subject);
    return forgotten;
  }

  /** The event types crypto-shredding records ({@link SubjectForgotten}), to add to a store's. */
  public static EventTypes eventTypes() {
    return EventTypes.of(SubjectForgotten.class);
  }
}
