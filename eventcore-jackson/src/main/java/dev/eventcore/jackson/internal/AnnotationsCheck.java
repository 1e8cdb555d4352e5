package dev.eventcore.jackson.internal;

import java.io.IOException;
import java.net.URL;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.cfg.PackageVersion;

/**
 * Checks, when a codec is created, that the application's {@code jackson-annotations} (the
 * {@code com.fasterxml.jackson.annotation} package Jackson 3 keeps reading) is recent enough for
 * the Jackson 3 on the class path. Each Jackson 3 minor release {@code 3.m} is built against the
 * annotations {@code 2.(20+m)} released with it (3.0 with 2.20, 3.1 with 2.21, 3.2 with 2.22) and
 * uses their new types ({@code JsonSerializeAs} from 2.21, {@code JsonApplyView} from 2.22). An
 * older jar, pinned by a dependency management such as Spring Boot 3's, otherwise shows as a
 * {@code NoClassDefFoundError} on the first payload written. Not API.
 */
public final class AnnotationsCheck {
  private static final String PACKAGE = "com.fasterxml.jackson.annotation.";
  private static volatile boolean passed;

  private AnnotationsCheck() {}

  /**
   * Passes if the annotations on the class path fit the Jackson 3 in use (checked once).
   *
   * @throws IllegalStateException naming the version found and the version needed
   */
  public static void require() {
    if (passed) {
      return;
    }
    int minor = PackageVersion.VERSION.getMinorVersion();
    Optional<String> problem = problem(foundVersion(), minor, PackageVersion.VERSION.toString());
    if (problem.isPresent()) {
      throw new IllegalStateException(problem.get());
    }
    passed = true;
  }

  /** The jackson-annotations version Jackson {@code 3.minor} needs: {@code 2.(20+minor)}. */
  public static String needed(int jacksonMinor) {
    return "2." + (20 + jacksonMinor);
  }

  /**
   * What is wrong with jackson-annotations {@code found} ("absent" when missing, "unknown" when its
   * version cannot be read and it lacks a type Jackson needs) for Jackson {@code 3.jacksonMinor}.
   */
  public static Optional<String> problem(String found, int jacksonMinor, String jackson) {
    String needed = needed(jacksonMinor);
    if (!found.equals("absent") && !found.equals("unknown")
        && compare(found, needed) >= 0) {
      return Optional.empty();
    }
    return Optional.of("Jackson " + jackson + " needs com.fasterxml.jackson.core:"
        + "jackson-annotations " + needed + " or later, but "
        + (found.equals("absent") ? "there is none on the class path"
            : "the class path has " + (found.equals("unknown")
                ? "a version without its types (JsonSerializeAs, JsonApplyView)" : found))
        + ": a dependency management (such as Spring Boot 3's jackson-bom) pins it lower; set"
        + " jackson-annotations to " + needed + " (or use eventcore-jackson2 with the"
        + " application's Jackson 2 ObjectMapper)");
  }

  /** Compares dotted versions numerically, "2.9" before "2.22"; a non-number part counts 0. */
  static int compare(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Integer.compare(number(x, i), number(y, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int number(String[] parts, int i) {
    if (i >= parts.length) {
      return 0;
    }
    try {
      return Integer.parseInt(parts[i]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The version of the annotations on the class path, "absent" or "unknown". */
  static String foundVersion() {
    Class<?> annotation;
    try {
      annotation = Class.forName(PACKAGE + "JsonProperty", false,
          AnnotationsCheck.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return "absent";
    }
    String version = annotation.getPackage() == null
        ? null : annotation.getPackage().getImplementationVersion();
    if (version == null) {
      version = manifestVersion(annotation);
    }
    if (version == null) {
      return hasTypes() ? needed(PackageVersion.VERSION.getMinorVersion()) : "unknown";
    }
    return version;
  }

  private static @Nullable String manifestVersion(Class<?> annotation) {
    try {
      URL location = annotation.getProtectionDomain().getCodeSource().getLocation();
      try (JarInputStream jar = new JarInputStream(location.openStream())) {
        Manifest manifest = jar.getManifest();
        if (manifest == null) {
          return null;
        }
        Attributes main = manifest.getMainAttributes();
        String version = main.getValue("Bundle-Version");
        return version != null ? version : main.getValue("Implementation-Version");
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean hasTypes() {
    try {
      ClassLoader loader = AnnotationsCheck.class.getClassLoader();
      Class.forName(PACKAGE + "JsonSerializeAs", false, loader);
      Class.forName(PACKAGE + "JsonApplyView", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
