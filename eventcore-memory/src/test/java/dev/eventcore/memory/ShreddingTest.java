package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.Decider;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.shredding.CryptoShredding;
import dev.eventcore.shredding.InMemorySubjectKeyStore;
import dev.eventcore.shredding.PersonalData;
import dev.eventcore.shredding.SubjectForgotten;
import dev.eventcore.snapshot.Snapshot;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding on the in-memory store: marked values are stored encrypted and read back, and
 * after {@code forget} they read as redacted on every read path while the rest stays readable.
 */
class ShreddingTest {
  private static final StreamId ANN = StreamId.of("customer-ann");
  private static final StreamId BOB = StreamId.of("customer-bob");

  record Address(String street, String city) {}

  record CustomerRegistered(
      String customerId,
      @PersonalData(subject = "customerId") String email,
      @PersonalData(subject = "customerId") int birthYear,
      @PersonalData(subject = "customerId") Address address,
      @PersonalData(subject = "customerId") Integer shoeSize,
      String plan) {}

  record Profile(String customerId, @PersonalData(subject = "customerId") String email, int n) {}

  record Transfer(String from, @PersonalData(subject = "from") String fromIban,
      String to, @PersonalData(subject = "to") String toIban) {}

  record NoSuchSubject(@PersonalData(subject = "owner") String email) {}

  record SubjectIsPersonal(@PersonalData(subject = "email") String id,
      @PersonalData(subject = "id") String email) {}

  private static final CustomerRegistered ANN_REGISTERED = new CustomerRegistered("ann",
      "ann@example.com", 1984, new Address("1 Elm Street", "Springfield"), 38, "pro");
  private static final CustomerRegistered BOB_REGISTERED = new CustomerRegistered("bob",
      "bob@example.com", 1990, new Address("2 Oak Road", "Shelbyville"), 44, "free");

  private static final Decider<String, Profile, CustomerRegistered> PROFILES = Decider.of(
      new Profile("-", "-", 0),
      (profile, event) -> new Profile(event.customerId(), event.email(), profile.n() + 1),
      (command, profile) -> List.of());

  private final CryptoShredding shredding = CryptoShredding.using(new InMemorySubjectKeyStore());
  private final EventCodec codec = shredding.codec(JacksonCodec.json());

  private InMemoryEventStore store() {
    return InMemoryEventStore.builder().codec(codec).build();
  }

  private static CustomerRegistered redacted(CustomerRegistered event) {
    return new CustomerRegistered(event.customerId(), CryptoShredding.REDACTED, 0, null, null,
        event.plan());
  }

  @Test
  void markedValuesAreStoredEncryptedAndReadBack() {
    byte[] bytes = codec.encode(ANN_REGISTERED);
    String json = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(json.contains("\"customerId\":\"ann\""), json);
    assertTrue(json.contains("\"plan\":\"pro\""), json);
    assertTrue(json.contains("\"email\":\"eventcore-pd:v1:"), json);
    for (String secret : List.of("ann@example.com", ":1984", "Elm Street", "Springfield", ":38")) {
      assertFalse(json.contains(secret), secret + " in " + json);
    }
    assertEquals(ANN_REGISTERED, codec.decode(bytes, CustomerRegistered.class));
    assertEquals(new String(JacksonCodec.json().encode(new Address("a", "b")),
        StandardCharsets.UTF_8), new String(codec.encode(new Address("a", "b")),
        StandardCharsets.UTF_8), "a payload without marks is the wrapped codec's");
    assertEquals("json", codec.name(), "keeps the wrapped codec's name");
    try (InMemoryEventStore store = store()) {
      store.append(ANN, ExpectedVersion.any(), List.of(EventData.of(ANN_REGISTERED)));
      assertEquals(ANN_REGISTERED, store.readStream(ANN).get(0).payload());
    }
  }

  @Test
  void anyTextAndNumberRoundTrips() {
    qt().withFixedSeed(1919L).withExamples(300)
        .forAll(strings().allPossible().ofLengthBetween(0, 40), integers().all())
        .checkAssert((text, n) -> {
          String storable = text.replace('\u0000', ' ').codePoints()
              .filter(c -> c < 0xD800 || c > 0xDFFF)
              .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
              .toString();
          Profile profile = new Profile("s-" + (n & 7), storable, n);
          assertEquals(profile, codec.decode(codec.encode(profile), Profile.class));
        });
  }

  @Test
  void eachValueHasItsOwnSubjectAndAFreshNonce() {
    Transfer transfer = new Transfer("ann", "DE001", "bob", "DE002");
    String once = new String(codec.encode(transfer), StandardCharsets.UTF_8);
    String twice = new String(codec.encode(transfer), StandardCharsets.UTF_8);
    assertFalse(once.equals(twice), "a random nonce per value");
    try (InMemoryEventStore store = store()) {
      store.append(ANN, ExpectedVersion.any(), List.of(EventData.of(transfer)));
      shredding.forget(store, "bob");
      assertEquals(new Transfer("ann", "DE001", "bob", CryptoShredding.REDACTED),
          store.readStream(ANN).get(0).payload());
    }
  }

  @Test
  void afterForgetEveryReadPathRedactsTheSubjectAndOnlyIt() throws Exception {
    try (InMemoryEventStore store = store()) {
      store.append(ANN, ExpectedVersion.any(), List.of(EventData.of(ANN_REGISTERED)));
      store.append(BOB, ExpectedVersion.any(), List.of(EventData.of(BOB_REGISTERED)));
      InMemorySnapshotStore snapshots = new InMemorySnapshotStore(codec);
      snapshots.save(new Snapshot<>(ANN, Version.of(1), 1,
          new Profile("ann", "ann@example.com", 1)));

      SubjectForgotten forgotten = shredding.forget(store, "ann");

      assertEquals("ann", forgotten.subject());
      CustomerRegistered expected = redacted(ANN_REGISTERED);
      assertEquals(expected, store.readStream(ANN).get(0).payload(), "stream read");
      assertEquals(BOB_REGISTERED, store.readStream(BOB).get(0).payload(), "others untouched");
      List<RecordedEvent<?>> log = store.readAll(GlobalPosition.START, 10);
      assertEquals(expected, log.get(0).payload(), "log read");
      assertEquals(forgotten, log.get(2).payload(), "the erasure is recorded");
      assertEquals(CryptoShredding.ERASURES, log.get(2).streamId());
      assertEquals(expected, subscribedFirst(store), "subscription");
      AggregateRepository<String, Profile, CustomerRegistered> profiles =
          AggregateRepository.builder(store, PROFILES, CustomerRegistered.class)
              .snapshots(snapshots, Profile.class, 1).build();
      assertEquals(new Profile("ann", CryptoShredding.REDACTED, 1),
          profiles.load(ANN).state(), "aggregate load from the snapshot");
      AggregateRepository<String, Profile, CustomerRegistered> folded =
          AggregateRepository.builder(store, PROFILES, CustomerRegistered.class).build();
      assertEquals(new Profile("ann", CryptoShredding.REDACTED, 1), folded.load(ANN).state(),
          "aggregate load from events");
      assertEquals(new Profile("ann", CryptoShredding.REDACTED, 1),
          snapshots.load(ANN, Profile.class).orElseThrow().state(), "snapshot read");
    }
  }

  private static Object subscribedFirst(InMemoryEventStore store) throws InterruptedException {
    List<Object> seen = new CopyOnWriteArrayList<>();
    CountDownLatch caughtUp = new CountDownLatch(1);
    try (Subscription subscription = store.subscribe(GlobalPosition.START, new EventHandler() {
      @Override
      public void handle(RecordedEvent<?> event) {
        seen.add(event.payload());
      }

      @Override
      public void caughtUp() {
        caughtUp.countDown();
      }
    })) {
      assertTrue(caughtUp.await(10, TimeUnit.SECONDS));
    }
    return seen.get(0);
  }

  record Contact(String id, @PersonalData(subject = "id") Optional<String> phone,
      @PersonalData(subject = "id") List<String> nicknames, @PersonalData(subject = "id") char c,
      @PersonalData(subject = "id") boolean vip, @PersonalData(subject = "id") double score) {}

  @Test
  void otherTypesRedactAsDocumented() {
    Contact contact = new Contact("ann", Optional.of("+1 555"), List.of("annie"), 'a', true, 2.5);
    try (InMemoryEventStore store = store()) {
      store.append(ANN, ExpectedVersion.any(), List.of(EventData.of(contact)));
      assertEquals(contact, store.readStream(ANN).get(0).payload());
      shredding.forget(store, "ann");
      assertEquals(new Contact("ann", Optional.empty(), null, '\0', false, 0.0),
          store.readStream(ANN).get(0).payload());
    }
  }

  @Test
  void aForgottenSubjectGetsANewKeyForNewDataAndTheOldStaysForgotten() {
    try (InMemoryEventStore store = store()) {
      store.append(ANN, ExpectedVersion.any(), List.of(EventData.of(ANN_REGISTERED)));
      shredding.forget(store, "ann");
      store.append(ANN, ExpectedVersion.any(), List.of(EventData.of(ANN_REGISTERED)));
      List<RecordedEvent<?>> events = store.readStream(ANN);
      assertEquals(redacted(ANN_REGISTERED), events.get(0).payload());
      assertEquals(ANN_REGISTERED, events.get(1).payload());
    }
  }

  @Test
  void badInputsGiveClearErrors() {
    try (InMemoryEventStore store = store()) {
      IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
          () -> shredding.forget(store, "  "));
      assertTrue(blank.getMessage().contains("blank"), blank.getMessage());
      NullPointerException noStore = assertThrows(NullPointerException.class,
          () -> CryptoShredding.using(null));
      assertTrue(noStore.getMessage().contains("keyStore is required"), noStore.getMessage());
      IllegalArgumentException binary = assertThrows(IllegalArgumentException.class,
          () -> shredding.codec(JacksonCodec.cbor()));
      assertTrue(binary.getMessage().contains("JSON codec"), binary.getMessage());
      RuntimeException noSubject = assertThrows(RuntimeException.class,
          () -> store.append(ANN, ExpectedVersion.any(),
              List.of(EventData.of(new NoSuchSubject("x@example.com")))));
      assertTrue(noSubject.getMessage().contains("names the data subject \"owner\", which is no"
          + " component"), noSubject.getMessage());
      RuntimeException personalSubject = assertThrows(RuntimeException.class,
          () -> codec.encode(new SubjectIsPersonal("ann", "ann@example.com")));
      assertTrue(personalSubject.getMessage().contains("personal data itself"),
          personalSubject.getMessage());
      RuntimeException nullSubject = assertThrows(RuntimeException.class,
          () -> store.append(ANN, ExpectedVersion.any(), List.of(EventData.of(
              new Profile(null, "x@example.com", 1)))));
      assertTrue(nullSubject.getMessage().contains("is null"), nullSubject.getMessage());
      assertEquals(0, store.eventCount(), "nothing stored by a failed append");
      assertThrows(IllegalArgumentException.class,
          () -> CryptoShredding.using(new InMemorySubjectKeyStore(), Duration.ofSeconds(-1),
              java.time.Clock.systemUTC()));
    }
  }

  record ProfileWithNumber(String customerId, @PersonalData(subject = "customerId") int email,
      int n) {}

  @Test
  void aFailedReadOfDecryptedDataDoesNotQuoteIt() {
    byte[] bytes = codec.encode(new Profile("ann", "ann@example.com", 1));
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> codec.decode(bytes, ProfileWithNumber.class));
    assertTrue(e.getMessage().contains("withheld"), e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains("ann@example.com"), t.toString());
    }
  }

  @Test
  void anAlteredValueIsAnErrorNotARedaction() {
    String json = new String(codec.encode(new Profile("ann", "ann@example.com", 1)),
        StandardCharsets.UTF_8);
    int end = json.indexOf("\",\"n\"");
    char inTag = json.charAt(end - 5);
    String altered = json.substring(0, end - 5) + (inTag == 'A' ? 'B' : 'A')
        + json.substring(end - 4);
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> codec.decode(altered.getBytes(StandardCharsets.UTF_8), Profile.class));
    assertTrue(e.getMessage().contains("altered"), e.getMessage());
    String otherSubject = json.replace("eventcore-pd:v1:YW5u:", "eventcore-pd:v1:Ym9i:");
    codec.encode(new Profile("bob", "b", 1)); // bob has a key, of another id
    assertEquals(CryptoShredding.REDACTED,
        codec.decode(otherSubject.getBytes(StandardCharsets.UTF_8), Profile.class).email(),
        "a value moved to another subject does not open");
  }

  @Test
  void aNullValueStaysNull() {
    CustomerRegistered withNulls = new CustomerRegistered("ann", null, 1, null, null, "pro");
    assertEquals(withNulls, codec.decode(codec.encode(withNulls), CustomerRegistered.class));
    assertNull(codec.decode(codec.encode(withNulls), CustomerRegistered.class).email());
  }

  @Test
  void concurrentAppendsAndAForgetNeverFailAReadNorShowAnythingButTheDataOrTheMarker()
      throws Exception {
    try (InMemoryEventStore store = store()) {
      int writers = 4;
      int perWriter = 100;
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        StreamId stream = StreamId.of("ann-" + w);
        threads.add(new Thread(() -> {
          try {
            start.await();
            for (int i = 0; i < perWriter; i++) {
              store.append(stream, ExpectedVersion.any(), List.of(EventData.of(ANN_REGISTERED)));
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }));
      }
      threads.add(new Thread(() -> {
        try {
          start.await();
          while (store.eventCount() < perWriter) {
            Thread.onSpinWait();
          }
          shredding.forget(store, "ann");
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
      threads.add(new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < 50; i++) {
            for (RecordedEvent<?> event : store.readAll(GlobalPosition.START, 1000)) {
              checkWholeOrRedacted(event.payload());
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
      threads.forEach(Thread::start);
      start.countDown();
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(60));
      }
      assertEquals(List.of(), failures);
      int redacted = 0;
      for (RecordedEvent<?> event : store.readAll(GlobalPosition.START, 1000)) {
        if (checkWholeOrRedacted(event.payload())) {
          redacted++;
        }
      }
      assertTrue(redacted >= perWriter, "at least the events before the forget: " + redacted);
    }
  }

  /** Whether {@code payload} is redacted; fails if it is neither whole nor redacted. */
  private static boolean checkWholeOrRedacted(Object payload) {
    if (payload instanceof SubjectForgotten) {
      return false;
    }
    if (payload.equals(ANN_REGISTERED)) {
      return false;
    }
    assertEquals(redacted(ANN_REGISTERED), payload);
    return true;
  }
}
