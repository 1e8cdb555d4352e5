package dev.eventcore.benchmarks.events;

import dev.eventcore.EventData;
import dev.eventcore.Metadata;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the benchmark's events and holds the JSON mapper shared by raw probes and decoding.
 *
 * <p>Every event written by a workload or a raw probe comes from here, so raw and library rows have
 * the same shape and size. Thread-safe (the mapper is immutable).
 */
public final class Payloads {
  /** The registered event types of the benchmark. */
  public static final EventTypes TYPES = EventTypes.of(BenchEvent.class);

  /** The mapper used to encode and decode payloads and metadata, raw and library alike. */
  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** The metadata type, for decoding. */
  public static final TypeReference<Map<String, String>> METADATA_TYPE = new TypeReference<>() {};

  private static final Metadata METADATA =
      Metadata.empty().withCorrelationId("bench-correlation-0001").with("user", "bench");

  private Payloads() {}

  /** The {@code n}th event of {@code account}: deposits mostly, every fifth a withdrawal. */
  public static BenchEvent event(String account, long n) {
    return n % 5 == 4
        ? new BenchEvent.Withdrawn(account, 1_000 + n % 977, "atm withdrawal #" + n)
        : new BenchEvent.Deposited(account, 2_500 + n % 991, "salary transfer ref " + n);
  }

  /** The metadata of every event (a correlation id and a user). */
  public static Metadata metadata() {
    return METADATA;
  }

  /** A new event to append, with a fresh id. */
  public static EventData<BenchEvent> data(String account, long n) {
    return EventData.of(event(account, n), METADATA);
  }

  /** {@code count} new events to append to one stream, numbered from {@code first}. */
  public static List<EventData<BenchEvent>> batch(String account, long first, int count) {
    List<EventData<BenchEvent>> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(data(account, first + i));
    }
    return events;
  }

  /** The stored type name of {@code event}. */
  public static String typeOf(BenchEvent event) {
    return TYPES.nameOf(event.getClass());
  }

  /** The class stored under {@code type}. */
  public static Class<?> classOf(String type) {
    return TYPES.classOf(type);
  }

  /** {@code value} as JSON text. */
  public static String json(Object value) {
    return MAPPER.writeValueAsString(value);
  }
}
