package dev.eventcore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code register-tenant --tenant T --role R}: maps a login role to a tenant, connected as the
 * schema's owner; the first one turns tenant isolation on.
 */
@Command(name = "register-tenant", mixinStandardHelpOptions = true,
    description = "Map a login role to a tenant, so that a store logging in as it is that"
        + " tenant's store; the first one turns tenant isolation (row-level security) on. Connect"
        + " as the schema's owner.")
final class RegisterTenantCommand implements Callable<Integer> {
  @Mixin Common common;

  @Option(names = "--tenant", paramLabel = "T", required = true,
      description = "The tenant: 1 to 63 characters of a-z, 0-9 and _.")
  String tenant;

  @Option(names = "--role", paramLabel = "ROLE", required = true,
      description = "The tenant's login role (created beforehand, with the runtime grants).")
  String role;

  @Override
  public Integer call() {
    try (Session session = common.open()) {
      session.store().registerTenant(tenant, role);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException(e.getMessage());
    }
    Output output = common.output();
    if (output.json()) {
      output.print(Output.object().put("tenant", tenant).put("role", role));
    } else {
      output.line("role " + role + " is now tenant " + tenant + "'s");
    }
    return 0;
  }
}
