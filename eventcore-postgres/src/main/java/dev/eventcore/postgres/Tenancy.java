package dev.eventcore.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Tenants (V18): the registration of a tenant's login role, and the start-up check that a tenant's
 * store connects as a role that row-level security confines to that tenant, so that isolation
 * never rests on the library's own filtering.
 */
final class Tenancy {
  private Tenancy() {}

  /** Maps {@code role} to {@code tenant} and turns isolation on: see {@code register_tenant}. */
  static void register(DataSource dataSource, SchemaNames names, String tenant, String role) {
    SchemaNames.validateTenant(tenant);
    Objects.requireNonNull(role, "loginRole");
    if (role.isEmpty() || role.indexOf('\u0000') >= 0
        || role.getBytes(StandardCharsets.UTF_8).length > SchemaNames.MAX_IDENTIFIER_BYTES) {
      throw new IllegalArgumentException("loginRole must be a role name of 1.."
          + SchemaNames.MAX_IDENTIFIER_BYTES + " bytes without NUL, but was '" + role + "'");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement =
            c.prepareStatement("SELECT " + names.qualified("register_tenant(?, ?)"))) {
      statement.setString(1, tenant);
      statement.setString(2, role);
      try {
        statement.execute();
        if (!c.getAutoCommit()) {
          c.commit();
        }
      } catch (SQLException e) {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
        throw e;
      }
    } catch (SQLException e) {
      String state = String.valueOf(e.getSQLState());
      String what = "registering role '" + role + "' for tenant '" + tenant + "' in schema '"
          + names.schema + "'";
      switch (state) {
        case "22023", "42704" -> throw new IllegalArgumentException(
            what + ": " + SqlErrors.serverMessage(e), e);
        case "55000" -> throw new IllegalStateException(what + ": " + SqlErrors.serverMessage(e), e);
        case "42501" -> throw new IllegalStateException(what + ": only the schema's owner may"
            + " register tenants; build this store with the owner's connections ("
            + SqlErrors.serverMessage(e) + ")", e);
        case "42883" -> throw new IllegalStateException(what + ": the schema is older than this"
            + " library (V18__tenants.sql not applied); build a store that migrates first", e);
        default -> throw SqlErrors.translate(what, e);
      }
    }
  }

  /**
   * Checks that the store of {@code names}' tenant connects as a login role registered for that
   * tenant, and that row-level security applies to it.
   *
   * @throws IllegalStateException saying what is wrong and how to set it right
   */
  static void requireIsolated(DataSource dataSource, SchemaNames names) {
    String tenant = names.tenant.orElseThrow();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement statement = c.prepareStatement(
          "SELECT to_regprocedure(?) IS NOT NULL")) {
        statement.setString(1, names.qualified("session_tenant()"));
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          if (!row.getBoolean(1)) {
            throw new IllegalStateException("the eventcore schema in schema '" + names.schema
                + "' has no tenants yet (V18__tenants.sql not applied): build a store that"
                + " migrates, connected as the schema's owner, and register the tenant's role");
          }
        }
      }
      try (PreparedStatement statement = c.prepareStatement("SELECT "
          + names.qualified("session_tenant()") + ", session_user, current_user,"
          + " r.rolsuper OR r.rolbypassrls, t.relrowsecurity AND t.relforcerowsecurity, "
          + names.qualified("owners_confined()")
          + " FROM pg_roles r, pg_class t WHERE r.rolname = current_user AND t.oid = ?::regclass");
          ) {
        statement.setString(1, names.qualified("events"));
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          String problem = problem(row, tenant);
          if (problem != null) {
            throw new IllegalStateException("the store of tenant '" + tenant + "' in schema '"
                + names.schema + "' " + problem + ": a tenant's store must log in as a role"
                + " registered for its tenant, so that the database keeps it to its own rows");
          }
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("checking the isolation of tenant '" + tenant + "'", e);
    }
  }

  /** What keeps the session of a row of the start-up check from being the tenant's, or null. */
  private static @Nullable String problem(ResultSet row, String tenant) throws SQLException {
    String session = row.getString(1);
    String login = row.getString(2);
    if (row.getBoolean(4)) {
      return "acts as role '" + row.getString(3) + "', a superuser or a role with BYPASSRLS,"
          + " which row-level security does not confine";
    }
    if (session == null) {
      return "logs in as role '" + login + "', which sees every tenant (the schema's owner, one of"
          + " its members, a superuser or a role with BYPASSRLS)";
    }
    if (session.isEmpty()) {
      return "logs in as role '" + login + "', which is registered for no tenant: call"
          + " registerTenant(\"" + tenant + "\", \"" + login + "\") on a store connected as the"
          + " schema's owner";
    }
    if (!session.equals(tenant)) {
      return "logs in as role '" + login + "', which is registered for tenant '" + session + "'";
    }
    if (!row.getBoolean(5)) {
      return "finds row-level security off on the tables";
    }
    if (!row.getBoolean(6)) {
      return "finds tables or SECURITY DEFINER functions owned by a superuser or a role with"
          + " BYPASSRLS, which row-level security does not confine";
    }
    return null;
  }
}
