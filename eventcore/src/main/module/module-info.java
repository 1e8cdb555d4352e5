/**
 * eventcore: the model, the event store port, commands, subscriptions, projections, snapshots,
 * sagas, and the SPIs for adapters, codecs and observers. Exports only API packages; {@code
 * dev.eventcore.internal} is not API: exported to eventcore's own PostgreSQL adapter only.
 */
module dev.eventcore {
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.eventcore;
  exports dev.eventcore.command;
  exports dev.eventcore.dcb;
  exports dev.eventcore.health;
  exports dev.eventcore.observe;
  exports dev.eventcore.projection;
  exports dev.eventcore.retry;
  exports dev.eventcore.saga;
  exports dev.eventcore.serialization;
  exports dev.eventcore.shredding;
  exports dev.eventcore.snapshot;
  exports dev.eventcore.spi;
  exports dev.eventcore.subscription;

  // helpers shared with eventcore's own adapters only (threads, stored stream ids, tenant keys)
  exports dev.eventcore.internal to dev.eventcore.postgres, dev.eventcore.memory;
}
