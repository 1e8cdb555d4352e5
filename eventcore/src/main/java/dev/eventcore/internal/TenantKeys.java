package dev.eventcore.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The key scheme of tenants, shared by the adapters: a tenant's store writes each key it owns as
 * the tenant, {@link #SEPARATOR} and the key. No stream id can hold the separator, so no id a
 * tenant can build names another tenant's key. Not API.
 */
public final class TenantKeys {
  /** Between a tenant and its key (U+001F, the unit separator). */
  public static final char SEPARATOR = '\u001F';

  private static final Pattern TENANT = Pattern.compile("[a-z0-9_]{1,63}");

  private TenantKeys() {}

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

  /** What the keys of {@code tenant} start with: the tenant and the separator. */
  public static String prefix(String tenant) {
    return validate(tenant) + SEPARATOR;
  }
}
