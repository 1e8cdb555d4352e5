package dev.eventcore.testkit.contract;

import dev.eventcore.serialization.EventType;
import dev.eventcore.serialization.EventTypes;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The event types the contract suite writes: plain records with text, numbers, lists, a map and a
 * nested record, one of them stored under an {@link EventType} name. Every adapter must store and
 * read them back equal, so they use only what any JSON-like encoding handles.
 *
 * <p>A store under test is created with {@link #types()}; {@link Unregistered} is deliberately not
 * part of it.
 *
 * @since 0.1.0
 */
public sealed interface ContractEvent {

  /** The registry of every contract event type (not {@link Unregistered}). */
  static EventTypes types() {
    return EventTypes.of(ContractEvent.class);
  }

  /** A numbered event, the workhorse of the concurrency tests: who wrote it and its sequence. */
  record Numbered(String writer, long sequence) implements ContractEvent {
    /** Validates the writer. */
    public Numbered {
      Objects.requireNonNull(writer, "writer");
    }
  }

  /** Money moved: text, a long amount, a decimal rate, a list of tags. */
  record Deposited(String account, long amountCents, double rate, List<String> tags)
      implements ContractEvent {
    /** Copies the tags. */
    public Deposited {
      Objects.requireNonNull(account, "account");
      tags = List.copyOf(tags);
    }
  }

  /** Stored as {@code "contract.renamed"}, not under its simple name. */
  @EventType("contract.renamed")
  record Renamed(String from, String to) implements ContractEvent {
    /** Validates the names. */
    public Renamed {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /** Free text, for Unicode and size tests. */
  record Noted(String text) implements ContractEvent {
    /** Validates the text. */
    public Noted {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A measurement: an int, a double, a boolean, a nested record and a map of labels. */
  record Measured(int count, double value, boolean valid, Point at, Map<String, String> labels)
      implements ContractEvent {
    /** Copies the labels. */
    public Measured {
      Objects.requireNonNull(at, "at");
      labels = Map.copyOf(labels);
    }
  }

  /** A nested value of {@link Measured}. */
  record Point(double x, double y) {}

  /**
   * A tree of labels. Its children list is taken as given (not copied), so tests can build a tree
   * too deep, or a cycle, that no store can serialize.
   */
  record Tree(String label, List<Tree> children) implements ContractEvent {
    /** Validates the label. */
    public Tree {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(children, "children");
    }
  }

  /** A record outside this interface, so not registered in {@link #types()}. */
  record Unregistered(String text) {}
}
