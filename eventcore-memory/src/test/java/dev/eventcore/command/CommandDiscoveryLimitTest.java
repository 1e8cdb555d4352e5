package dev.eventcore.command;

import static dev.eventcore.command.Bank.account;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.Bank.Deposited;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How many times one attempt of a command may ask for more streams: 16, and no more. */
class CommandDiscoveryLimitTest {
  private static final StreamId FIRST = account("0");

  private final InMemoryEventStore store = new InMemoryEventStore();

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aCommandMayAskForMoreStreamsSixteenTimesInOneAttempt() {
    // asks for one more account until it has read 17: 16 requests
    Command<Long> discovering = CommandExecutorTest.command(List.of(FIRST),
        (count, read) -> read.streams().size() <= 16
            ? Decision.readAlso(account(String.valueOf(read.streams().size())))
            : Decision.append(FIRST, new Deposited(read.streams().size())));

    CommandResult result = CommandExecutor.of(store).execute(discovering);

    assertEquals(Version.of(1), result.version(FIRST));
    assertEquals(new Deposited(17), store.readStream(FIRST).get(0).payload());
  }
}
