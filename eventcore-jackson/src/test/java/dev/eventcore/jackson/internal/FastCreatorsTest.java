package dev.eventcore.jackson.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.serialization.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The codecs read payloads made by a constructor with arguments through one spreading handle per
 * type instead of Jackson's per-call {@code invokeWithArguments}; what they read, and how a
 * constructor's failure is reported, is what Jackson alone gives.
 */
class FastCreatorsTest {
  public record Deposited(String account, long sequence, long amountCents, Optional<String> note) {}

  /** Not public, with a compact constructor that validates. */
  record Checked(String name, int count) {
    Checked {
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0 but was " + count);
      }
    }
  }

  /** A class, not a record, whose private constructor is the creator. */
  static final class Created {
    final String id;
    final List<Integer> values;

    @JsonCreator
    private Created(@JsonProperty("id") String id, @JsonProperty("values") List<Integer> values) {
      this.id = id;
      this.values = values;
    }
  }

  /** A record of many components: the spreading handle takes them all. */
  public record Wide(int a, int b, int c, int d, int e, int f, int g, int h, int i, int j, int k,
      int l, int m, int n, int o, int p, int q, int r, int s, int t) {}

  final ObjectMapper plain = JsonMapper.builder().build();
  final ObjectMapper fast = FastCreators.reading(plain);
  final EventCodec codec = JacksonCodec.json(JsonMapper.builder().build());

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recordsAndCreatorClassesReadAsJacksonAloneReadsThem() throws Exception {
    byte[] deposited = json("{\"account\":\"a-1\",\"sequence\":7,\"amountCents\":250,"
        + "\"note\":\"rent\"}");
    assertEquals(plain.readValue(deposited, Deposited.class),
        fast.readValue(deposited, Deposited.class));
    assertEquals(new Deposited("a-1", 7, 250, Optional.of("rent")),
        codec.decode(deposited, Deposited.class));
    assertEquals(new Checked("x", 3), codec.decode(json("{\"name\":\"x\",\"count\":3}"),
        Checked.class));
    Created created = codec.decode(json("{\"id\":\"c\",\"values\":[1,2]}"), Created.class);
    assertEquals("c", created.id);
    assertEquals(List.of(1, 2), created.values);
    StringBuilder wide = new StringBuilder("{");
    for (char name = 'a'; name <= 't'; name++) {
      wide.append(name == 'a' ? "" : ",").append('"').append(name).append("\":")
          .append(name - 'a');
    }
    Wide read = codec.decode(json(wide.append('}').toString()), Wide.class);
    assertEquals(new Wide(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19),
        read);
  }

  @Test
  void aConstructorThatRefusesIsReportedAsJacksonAloneReportsIt() {
    byte[] negative = json("{\"name\":\"x\",\"count\":-1}");
    JacksonException expected =
        assertThrows(JacksonException.class, () -> plain.readValue(negative, Checked.class));
    JacksonException actual =
        assertThrows(JacksonException.class, () -> fast.readValue(negative, Checked.class));
    assertEquals(expected.getClass(), actual.getClass());
    assertEquals(expected.getOriginalMessage(), actual.getOriginalMessage());
    assertInstanceOf(IllegalArgumentException.class, actual.getCause());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> codec.decode(negative, Checked.class));
    assertEquals(MapperCodec.stable(expected.getOriginalMessage()), refused.getMessage());
  }

  /** Remembers who called its constructor. */
  public record Traced(String name) {
    static final ThreadLocal<List<String>> CALLERS = new ThreadLocal<>();

    public Traced {
      CALLERS.set(StackWalker.getInstance().walk(frames -> frames.limit(12)
          .map(frame -> frame.getClassName() + "." + frame.getMethodName()).toList()));
    }
  }

  @Test
  void theConstructorIsCalledThroughTheSpreadingHandleNotInvokeWithArguments() {
    assertEquals(new Traced("t"), codec.decode(json("{\"name\":\"t\"}"), Traced.class));
    List<String> callers = Traced.CALLERS.get();
    assertTrue(callers.contains(FastCreators.class.getName() + "$Spreading.createFromObjectWith"),
        callers.toString());
    assertFalse(callers.contains("java.lang.invoke.MethodHandle.invokeWithArguments"),
        callers.toString());
  }

  @Test
  void aCustomInstantiatorIsLeftAlone() throws Exception {
    ValueInstantiator custom = new ValueInstantiator.Base(Created.class) {
      @Override
      public boolean canCreateFromObjectWith() {
        return true;
      }
    };
    assertSame(custom, new FastCreators.Instantiators()
        .modifyValueInstantiator(plain.deserializationConfig(), null, custom));
  }
}
