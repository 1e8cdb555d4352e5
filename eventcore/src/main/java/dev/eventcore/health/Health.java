package dev.eventcore.health;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of one component at one instant, with the facts behind it and its parts: a report
 * from {@link HealthChecks#check()} is a tree whose root is as bad as its worst part.
 *
 * <pre>{@code
 * Health report = health.check();
 * if (report.status() != HealthStatus.UP) {
 *   log.warn("eventcore health:\n{}", report.toText());
 * }
 * report.child("horizon").flatMap(h -> h.detail("blockerPid"));   // who holds the log back
 * }</pre>
 *
 * <p>Detail values are strings, booleans, {@code long}s or finite {@code double}s, so that the
 * report renders as JSON without a library; durations are whole milliseconds in keys ending in
 * {@code Millis}. A non-UP component says why in its {@link #reason()}.
 *
 * @param component the component's name, e.g. {@code "store"} or a projection's name
 * @param status its status; never better than its worst part
 * @param details facts behind the status, in the order they were added
 * @param checkedAt when the check started
 * @param components its parts, in report order
 *
 * @since 0.1.0
 */
public record Health(
    String component,
    HealthStatus status,
    Map<String, Object> details,
    Instant checkedAt,
    List<Health> components) {

  /** The detail key of the reason a component is not UP. */
  public static final String REASON = "reason";

  /** Validates and copies the arguments. */
  public Health {
    checkName(component);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(components, "components");
    Map<String, Object> copy = new LinkedHashMap<>();
    details.forEach((key, value) -> copy.put(key, checkDetail(key, value)));
    details = Collections.unmodifiableMap(copy);
    components = List.copyOf(components);
    HealthStatus worst = worst(components);
    if (worst.worse(status) != status) {
      throw new IllegalArgumentException("component " + component + " is " + status
          + " but a part of it is " + worst + "; a component is at least as bad as its parts");
    }
  }

  /** {@code component} UP, without details yet. */
  public static Health up(String component, Instant checkedAt) {
    return new Health(component, HealthStatus.UP, Map.of(), checkedAt, List.of());
  }

  /** {@code component} DEGRADED for {@code reason}. */
  public static Health degraded(String component, Instant checkedAt, String reason) {
    return of(component, HealthStatus.DEGRADED, checkedAt, reason);
  }

  /** {@code component} DOWN for {@code reason}. */
  public static Health down(String component, Instant checkedAt, String reason) {
    return of(component, HealthStatus.DOWN, checkedAt, reason);
  }

  /** {@code component} in {@code status} for {@code reason} (the first detail). */
  public static Health of(String component, HealthStatus status, Instant checkedAt, String reason) {
    Objects.requireNonNull(reason, "reason");
    return new Health(component, status, Map.of(REASON, reason), checkedAt, List.of());
  }

  /** A component made of {@code parts}, as bad as the worst of them (UP when there are none). */
  public static Health group(String component, Instant checkedAt, List<Health> parts) {
    Objects.requireNonNull(parts, "parts");
    return new Health(component, worst(parts), Map.of(), checkedAt, parts);
  }

  /** The worst status of {@code parts}; UP when there are none. */
  public static HealthStatus worst(List<Health> parts) {
    HealthStatus worst = HealthStatus.UP;
    for (Health part : parts) {
      worst = worst.worse(part.status());
    }
    return worst;
  }

  /** This health with the detail {@code key} set to {@code value} (replacing an earlier one). */
  public Health withDetail(String key, String value) {
    return withDetailValue(key, Objects.requireNonNull(value, "value"));
  }

  /** This health with the detail {@code key} set to {@code value}. */
  public Health withDetail(String key, long value) {
    return withDetailValue(key, value);
  }

  /** This health with the detail {@code key} set to {@code value}, which must be finite. */
  public Health withDetail(String key, double value) {
    return withDetailValue(key, value);
  }

  /** This health with the detail {@code key} set to {@code value}. */
  public Health withDetail(String key, boolean value) {
    return withDetailValue(key, value);
  }

  /** This health as the component {@code name}. */
  public Health named(String name) {
    return new Health(name, status, details, checkedAt, components);
  }

  /** Why the component is not UP, if it said so. */
  public Optional<String> reason() {
    return detail(REASON).map(Object::toString);
  }

  /** The detail {@code key}, if present. */
  public Optional<Object> detail(String key) {
    Objects.requireNonNull(key, "key");
    return Optional.ofNullable(details.get(key));
  }

  /** The direct part named {@code name}, if present. */
  public Optional<Health> child(String name) {
    Objects.requireNonNull(name, "name");
    return components.stream().filter(part -> part.component.equals(name)).findFirst();
  }

  /**
   * The report as aligned text, one component a line, parts indented under their group:
   *
   * <pre>
   * eventcore         DEGRADED
   *   store           UP        latencyMillis=2
   *   horizon         DEGRADED  reason="..." pendingEvents=3 lagMillis=12408 blockerPid=4711
   * </pre>
   */
  public String toText() {
    return HealthRendering.text(this);
  }

  /** The report as one line of JSON: component, status, checkedAt, details, components. */
  public String toJson() {
    return HealthRendering.json(this);
  }

  private Health withDetailValue(String key, Object value) {
    Map<String, Object> next = new LinkedHashMap<>(details);
    next.put(key, value);
    return new Health(component, status, next, checkedAt, components);
  }

  static String checkName(String component) {
    Objects.requireNonNull(component, "component");
    if (component.isBlank()) {
      throw new IllegalArgumentException("component name must not be blank");
    }
    return component;
  }

  private static Object checkDetail(String key, Object value) {
    Objects.requireNonNull(key, "detail key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("detail keys must not be blank");
    }
    Objects.requireNonNull(value, () -> "detail " + key);
    if (value instanceof Integer number) {
      return number.longValue();
    }
    if (value instanceof Double number && !Double.isFinite(number)) {
      throw new IllegalArgumentException("detail " + key + " is " + number + "; must be finite");
    }
    if (!(value instanceof String || value instanceof Boolean || value instanceof Long
        || value instanceof Double)) {
      throw new IllegalArgumentException("detail " + key + " is a " + value.getClass().getName()
          + "; allowed: String, Boolean, Long, Integer or finite Double");
    }
    return value;
  }
}
