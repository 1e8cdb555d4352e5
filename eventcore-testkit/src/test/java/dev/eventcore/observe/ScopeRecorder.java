package dev.eventcore.observe;

import dev.eventcore.Metadata;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A stand-in for a tracer: each scope gets an id ("KIND#n") and is current on its thread until
 * closed; an append made inside one stores its id under {@link #KEY}, and a scope names the id its
 * cause carries. Writes down "start KIND name <- causeId", "failed KIND" and "end KIND".
 */
public final class ScopeRecorder implements Observer {
  public static final String KEY = "test-trace";

  public final List<String> log = new CopyOnWriteArrayList<>();
  /** The ids of the scopes started, in order. */
  public final List<String> started = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Deque<String>> current = ThreadLocal.withInitial(ArrayDeque::new);
  private final AtomicInteger ids = new AtomicInteger();

  /** The log entries that start with {@code prefix}. */
  public List<String> of(String prefix) {
    return log.stream().filter(line -> line.startsWith(prefix)).collect(Collectors.toList());
  }

  @Override
  public Scope start(WorkKind kind, String name, Metadata cause) {
    String id = kind + "#" + ids.incrementAndGet();
    started.add(id);
    log.add("start " + kind + " " + name + " <- " + cause.get(KEY).orElse("-"));
    Deque<String> stack = current.get();
    stack.push(id);
    return new Scope() {
      @Override
      public void failed(Throwable error) {
        log.add("failed " + kind + " " + error.getClass().getSimpleName());
      }

      @Override
      public void close() {
        if (!id.equals(stack.peek())) {
          throw new IllegalStateException(id + " closed while " + stack.peek() + " is current");
        }
        stack.pop();
        log.add("end " + kind);
      }
    };
  }

  @Override
  public Metadata appendMetadata() {
    String id = current.get().peek();
    return id == null ? Metadata.empty() : Metadata.empty().with(KEY, id);
  }

  /** The id of the scope current on this thread, or "-". */
  public String currentId() {
    String id = current.get().peek();
    return id == null ? "-" : id;
  }
}
