package dev.eventcore.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The key scheme of tenants, shared by the adapters: a tenant's store writes each key it owns
 * (stream ids, projection names, data subjects) as the tenant, {@link #SEPARATOR} and the key, and
 * reads it back without them. No stream id can hold the separator, so no id a tenant can build
 * names another tenant's key. The default tenant's keys are stored as they are. Not API.
 */
public final class TenantKeys {
  /** Between a tenant and its key (U+001F, the unit separator). */
  public static final char SEPARATOR = '\u001F';

  private static final Pattern TENANT = Pattern.compile("[a-z0-9_]{1,63}");
  private static final TenantKeys DEFAULT = new TenantKeys("");

  /** What the tenant's keys start with: the tenant and the separator, or "" for the default. */
  private final String prefix;

  private TenantKeys(String prefix) {
    this.prefix = prefix;
  }

  /** The keys of the default tenant: stored as they are. */
  public static TenantKeys ofDefault() {
    return DEFAULT;
  }

  /**
   * The keys of {@code tenant}.
   *
   * @throws IllegalArgumentException if {@code tenant} breaks the rule of {@link #validate}
   */
  public static TenantKeys of(String tenant) {
    return new TenantKeys(validate(tenant) + SEPARATOR);
  }

  /**
   * Checks a tenant: 1 to 63 characters of {@code a-z}, {@code 0-9} and {@code _} (no {@code '-'},
   * so a tenant's key keeps its category after the prefix).
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  public static String validate(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    if (!TENANT.matcher(tenant).matches()) {
      StringBuilder shown = new StringBuilder();
      tenant.codePoints().limit(80).forEach(c -> {
        if (Character.isISOControl(c)) {
          shown.append(String.format("\\u%04x", c));
        } else {
          shown.appendCodePoint(c);
        }
      });
      throw new IllegalArgumentException("tenant must be 1..63 characters of a-z, 0-9 and '_',"
          + " but was '" + shown + "'");
    }
    return tenant;
  }

  /** The text after a key's tenant (the whole key for the default tenant's), whoever owns it. */
  public static String afterTenant(String stored) {
    return stored.substring(stored.indexOf(SEPARATOR) + 1);
  }

  /** The stored form of {@code local}: the tenant's prefix and the key. */
  public String key(String local) {
    return prefix.isEmpty() ? local : prefix + local;
  }

  /** Whether {@code stored} is a key of this tenant (every key, for the default tenant). */
  public boolean owns(String stored) {
    return stored.startsWith(prefix);
  }

  /** Whether {@code stored} is the key of {@code local}, without building the key. */
  public boolean isKey(String stored, String local) {
    return stored.length() == prefix.length() + local.length() && stored.endsWith(local)
        && stored.startsWith(prefix);
  }

  /**
   * {@code stored} without the tenant's prefix.
   *
   * @throws IllegalStateException if {@code stored} is not one of this tenant's keys
   */
  public String local(String stored) {
    if (prefix.isEmpty()) {
      return stored;
    }
    if (!owns(stored)) {
      throw new IllegalStateException("key " + stored.replace(SEPARATOR, '/')
          + " is not one of tenant " + prefix.substring(0, prefix.length() - 1) + "'s");
    }
    return stored.substring(prefix.length());
  }

  /** A key after every key of the tenant (its prefix's successor in byte order). */
  public String end() {
    return prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1) + (char) (SEPARATOR + 1);
  }
}
