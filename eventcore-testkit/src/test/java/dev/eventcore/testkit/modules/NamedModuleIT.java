package dev.eventcore.testkit.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eventcore.EventStore;
import dev.eventcore.memory.InMemoryEventStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An application in a named module of its own, on the module path with the packaged eventcore
 * jars: it compiles against their descriptors (internal packages out of reach), and the store's
 * reflective payload checks reach the records of the package it exports.
 */
class NamedModuleIT {
  private static final Map<String, String> SOURCES = Map.of(
      "module-info.java", """
          module acme.orders {
            requires dev.eventcore.memory;
            exports acme.orders.events;
          }
          """,
      "acme/orders/events/OrderEvent.java", """
          package acme.orders.events;

          import java.util.List;

          public sealed interface OrderEvent {
            record Placed(String id, double amount, List<Line> lines) implements OrderEvent {}

            record Line(String sku, double price) {}
          }
          """,
      "acme/orders/Main.java", """
          package acme.orders;

          import acme.orders.events.OrderEvent;
          import dev.eventcore.EventData;
          import dev.eventcore.ExpectedVersion;
          import dev.eventcore.StreamId;
          import dev.eventcore.memory.InMemoryEventStore;
          import dev.eventcore.serialization.EventTypes;
          import java.util.List;

          public final class Main {
            public static void main(String[] args) {
              try (InMemoryEventStore store =
                  new InMemoryEventStore(EventTypes.of(OrderEvent.class))) {
                StreamId order = StreamId.of("order", "1");
                store.append(order, ExpectedVersion.noStream(), List.of(EventData.of(
                    new OrderEvent.Placed("1", 9.5, List.of(new OrderEvent.Line("a", 9.5))))));
                System.out.println("read " + store.readStream(order).get(0).payload());
                try {
                  store.append(order, ExpectedVersion.any(), List.of(EventData.of(
                      new OrderEvent.Placed("1", 1, List.of(new OrderEvent.Line("b", Double.NaN))))));
                  System.out.println("accepted NaN");
                } catch (IllegalArgumentException refused) {
                  System.out.println("refused " + refused.getMessage());
                }
                System.out.println("module " + EventData.class.getModule().getName());
              }
            }
          }
          """);

  @TempDir Path dir;

  @Test
  void anApplicationModuleUsesTheStoreAndItsChecksReachItsRecords() throws Exception {
    List<Path> modulePath = List.of(jarOf(EventStore.class), jarOf(InMemoryEventStore.class),
        jarOf(LoggerFactory.class), jarOf(NullMarked.class));
    for (Path jar : modulePath.subList(0, 2)) {
      assertTrue(ModuleFinder.of(jar).findAll().stream()
              .anyMatch(m -> !m.descriptor().isAutomatic()),
          jar + " has no module descriptor: run this test with `./mvnw verify`, which compiles"
              + " the descriptors in the prepare-package phase");
    }
    Path src = dir.resolve("src");
    for (Map.Entry<String, String> source : SOURCES.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
    }
    Path classes = dir.resolve("classes");
    compile(src, classes, modulePath);

    String output = run(classes, modulePath);
    assertTrue(output.contains("read Placed[id=1, amount=9.5, lines=[Line[sku=a, price=9.5]]]"),
        output);
    assertTrue(output.contains("refused ") && output.contains("NaN"),
        "the check reached a nested record of the application's module: " + output);
    assertTrue(output.contains("module dev.eventcore\n") || output.endsWith("module dev.eventcore"),
        "eventcore ran as a named module: " + output);
  }

  @Test
  void theInternalPackageIsOutOfTheApplicationsReach() throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("acme/peek"));
    Files.writeString(src.resolve("module-info.java"),
        "module acme.peek { requires dev.eventcore; }");
    Files.writeString(src.resolve("acme/peek/Peek.java"), """
        package acme.peek;

        public final class Peek {
          Object signal = dev.eventcore.internal.WakeUpSignal.class;
        }
        """);
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status = javac(src, dir.resolve("classes"),
        List.of(jarOf(EventStore.class), jarOf(LoggerFactory.class), jarOf(NullMarked.class)),
        errors);
    String message = errors.toString(StandardCharsets.UTF_8);
    assertEquals(1, status, message);
    assertTrue(message.contains("is not visible") || message.contains("does not export"), message);
  }

  private static void compile(Path src, Path out, List<Path> modulePath) throws IOException {
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status = javac(src, out, modulePath, errors);
    if (status != 0) {
      fail("the application module did not compile:\n" + errors.toString(StandardCharsets.UTF_8));
    }
  }

  private static int javac(Path src, Path out, List<Path> modulePath, ByteArrayOutputStream errors)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", out.toString(),
        "--module-path", join(modulePath)));
    try (var files = Files.walk(src)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    return javac.run(null, errors, errors, args.toArray(new String[0]));
  }

  private static String run(Path classes, List<Path> modulePath) throws Exception {
    List<Path> path = new ArrayList<>(modulePath);
    path.add(0, classes);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process = new ProcessBuilder(java, "--module-path", join(path),
        "-m", "acme.orders/acme.orders.Main").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  private static String join(List<Path> paths) {
    return String.join(java.io.File.pathSeparator, paths.stream().map(Path::toString).toList());
  }

  private static Path jarOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
