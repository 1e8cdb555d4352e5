package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventcoreException.Retry;
import dev.eventcore.command.CommandConflictException;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.DeadLetterFailedException;
import dev.eventcore.projection.ProjectionError;
import dev.eventcore.projection.ProjectionFailedException;
import dev.eventcore.projection.StaleCheckpointException;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExceptionHierarchyTest {
  private static final StreamId STREAM = StreamId.of("order-1");
  private static final RecordedEvent<UndecodableEvent> RAW = new RecordedEvent<>(
      GlobalPosition.of(7), STREAM, Version.of(1), EventId.random(), "Gone",
      new UndecodableEvent("Gone", 1, "{}", "{}", "no class"), Metadata.empty(), Instant.EPOCH);
  private static final WrongExpectedVersionException CONFLICT =
      new WrongExpectedVersionException(STREAM, ExpectedVersion.noStream(), Version.of(1));
  private static final Checkpoint CHECKPOINT = Checkpoint.initial("p");

  /** Every concrete exception type eventcore's core throws, with the retry answer it documents. */
  private static final Map<EventcoreException, Retry> DOCUMENTED = Map.ofEntries(
      Map.entry(CONFLICT, Retry.AFTER_REREAD),
      Map.entry(new TransientStoreException("lost", null, true), Retry.SAME_CALL),
      Map.entry(new CommandConflictException("c", 3, CONFLICT), Retry.SAME_CALL),
      Map.entry(new AppendConditionFailedException(AppendCondition.none(DcbQuery.all()),
          GlobalPosition.of(7)), Retry.AFTER_REREAD),
      Map.entry(new DuplicateEventIdException(EventId.random(), "taken"), Retry.NEVER),
      Map.entry(new PayloadTooLargeException("payload", 2, 1), Retry.NEVER),
      Map.entry(new UnknownEventTypeException("Gone", "no class"), Retry.NEVER),
      Map.entry(new EventDecodingException("bad", null), Retry.NEVER),
      Map.entry(new UndecodableEventException(RAW, null), Retry.NEVER),
      Map.entry(new StoreFailureException("disk full", null), Retry.NEVER),
      Map.entry(new StreamDeletedException(STREAM, Deletion.SOFT), Retry.NEVER),
      Map.entry(new OperationInterruptedException("wait", new InterruptedException()),
          Retry.NEVER),
      Map.entry(new CommandRejectedException("no"), Retry.NEVER),
      Map.entry(new ProjectionFailedException(
          "p", ProjectionError.of("boom", GlobalPosition.START, Instant.EPOCH)), Retry.NEVER),
      Map.entry(new StaleCheckpointException(CHECKPOINT, CHECKPOINT, 1), Retry.NEVER),
      Map.entry(SubscriptionFailedException.readFailed("s", GlobalPosition.START,
          new IllegalStateException("x")), Retry.NEVER),
      Map.entry(new DeadLetterFailedException("dl", new IllegalStateException("x")), Retry.NEVER));

  @Test
  void aRejectionIsNotAStoreFailure() {
    EventcoreException rejection = new CommandRejectedException("insufficient funds");
    assertFalse(rejection instanceof EventStoreException,
        "catch (EventStoreException e) must not swallow a business 'no'");
    assertEquals(EventcoreException.class, CommandRejectedException.class.getSuperclass());
  }

  @Test
  void theRootAndTheStoreBranchAreAbstract() {
    assertTrue(Modifier.isAbstract(EventcoreException.class.getModifiers()));
    assertTrue(Modifier.isAbstract(EventStoreException.class.getModifiers()));
    assertEquals(RuntimeException.class, EventcoreException.class.getSuperclass());
  }

  @Test
  void everyPublicExceptionOfTheLibraryIsUnderTheRootAndDocumentsItsRetry() throws Exception {
    Set<String> found = new TreeSet<>();
    for (Class<?> type : publicThrowables()) {
      assertTrue(EventcoreException.class.isAssignableFrom(type),
          type.getName() + " is public and throwable but not an EventcoreException");
      if (!Modifier.isAbstract(type.getModifiers())) {
        found.add(type.getName());
      }
    }
    Set<String> documented = DOCUMENTED.keySet().stream()
        .map(e -> e.getClass().getName())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(documented, found,
        "each concrete exception type needs a row here with the retry answer its javadoc gives");
  }

  @Test
  void eachTypeAnswersRetryAsDocumented() {
    DOCUMENTED.forEach((e, retry) -> {
      assertEquals(retry, e.retry(), e.getClass().getSimpleName());
      assertEquals(retry == Retry.SAME_CALL, e.isRetryable(), e.getClass().getSimpleName());
    });
  }

  @Test
  void aDeadLetterFailureIsAsRetryableAsTheStoreFailureBeneathIt() {
    assertEquals(Retry.SAME_CALL, new DeadLetterFailedException(
        "dl", new TransientStoreException("lost", null, false)).retry());
    assertEquals(Retry.NEVER, new DeadLetterFailedException(
        "dl", new StoreFailureException("denied", null)).retry());
  }

  @Test
  void anInterruptionKeepsItsCause() {
    InterruptedException cause = new InterruptedException();
    assertEquals(cause, new OperationInterruptedException("waiting", cause).getCause());
  }

  /** The public Throwable classes compiled from this module's main sources. */
  private static List<Class<?>> publicThrowables() throws IOException, URISyntaxException {
    Path root = Path.of(EventcoreException.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    assertTrue(Files.isDirectory(root), "expected the module's classes directory, got " + root);
    try (Stream<Path> files = Files.walk(root)) {
      List<String> names = files
          .map(root::relativize)
          .map(Path::toString)
          .filter(name -> name.endsWith(".class") && !name.contains("$"))
          .map(name -> name.substring(0, name.length() - ".class".length())
              .replace(File.separatorChar, '.'))
          .collect(Collectors.toList());
      List<Class<?>> throwables = new ArrayList<>();
      for (String name : names) {
        Class<?> type;
        try {
          type = Class.forName(name, false, ExceptionHierarchyTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          continue;
        }
        if (Throwable.class.isAssignableFrom(type) && Modifier.isPublic(type.getModifiers())) {
          throwables.add(type);
        }
      }
      assertTrue(throwables.size() >= DOCUMENTED.size(), "scanned " + root + ": " + throwables);
      return throwables;
    }
  }
}
