package dev.eventcore.examples;

import dev.eventcore.build.Arrows;
import org.junit.jupiter.api.Test;

/**
 * The examples' package arrows: aggregates know only the command API and shared values; the saga
 * and read models sit above them; the demo and pipeline wire everything.
 * The table is the design; a new arrow is a design change, made here first.
 */
class ArchitectureTest {

  static final Arrows ARROWS = Arrows.table("dev.eventcore", """
      # package                               -> packages it may use
      dev.eventcore.examples                    -> -
      # the domain: one package per aggregate, each on the command API only
      dev.eventcore.examples.order              -> dev.eventcore dev.eventcore.command
                                                   dev.eventcore.examples
      dev.eventcore.examples.inventory          -> dev.eventcore dev.eventcore.command
                                                   dev.eventcore.examples
      dev.eventcore.examples.payment            -> dev.eventcore dev.eventcore.command
                                                   dev.eventcore.examples
      dev.eventcore.examples.bank               -> dev.eventcore dev.eventcore.command
                                                   dev.eventcore.examples
      # rules across things, kept by dynamic consistency boundaries
      dev.eventcore.examples.boundary           -> dev.eventcore dev.eventcore.command
                                                   dev.eventcore.dcb
      # the process across aggregates
      dev.eventcore.examples.fulfillment        -> dev.eventcore dev.eventcore.command
                                                   dev.eventcore.saga dev.eventcore.serialization
                                                   dev.eventcore.examples
                                                   dev.eventcore.examples.order
                                                   dev.eventcore.examples.inventory
                                                   dev.eventcore.examples.payment
      # read models, then the wiring that runs it all
      dev.eventcore.examples.readmodel          -> dev.eventcore dev.eventcore.projection
                                                   dev.eventcore.serialization
                                                   dev.eventcore.examples
                                                   dev.eventcore.examples.order
                                                   dev.eventcore.examples.inventory
      dev.eventcore.examples.readmodel.postgres -> dev.eventcore dev.eventcore.postgres
                                                   dev.eventcore.serialization
                                                   dev.eventcore.examples
                                                   dev.eventcore.examples.order
                                                   dev.eventcore.examples.inventory
                                                   dev.eventcore.examples.readmodel
      # appends in the application's transaction (plain JDBC and Spring)
      dev.eventcore.examples.outbox             -> dev.eventcore dev.eventcore.postgres
                                                   dev.eventcore.examples.order
      dev.eventcore.examples.pipeline           -> dev.eventcore dev.eventcore.command
                                                   dev.eventcore.projection dev.eventcore.saga
                                                   dev.eventcore.observe dev.eventcore.memory
                                                   dev.eventcore.postgres
                                                   dev.eventcore.examples
                                                   dev.eventcore.examples.order
                                                   dev.eventcore.examples.inventory
                                                   dev.eventcore.examples.payment
                                                   dev.eventcore.examples.fulfillment
                                                   dev.eventcore.examples.readmodel
                                                   dev.eventcore.examples.readmodel.postgres
      dev.eventcore.examples.demo               -> dev.eventcore dev.eventcore.projection
                                                   dev.eventcore.saga dev.eventcore.observe
                                                   dev.eventcore.serialization
                                                   dev.eventcore.memory dev.eventcore.postgres
                                                   dev.eventcore.micrometer
                                                   dev.eventcore.examples
                                                   dev.eventcore.examples.order
                                                   dev.eventcore.examples.fulfillment
                                                   dev.eventcore.examples.pipeline
                                                   dev.eventcore.examples.readmodel
      """);

  @Test
  void packagesUseOnlyWhatTheTableAllowsAndFormNoCycle() {
    ARROWS.check(dev.eventcore.examples.order.Order.class);
  }
}
