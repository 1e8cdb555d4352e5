/** The in-memory event, snapshot, checkpoint and dead-letter stores. */
module dev.eventcore.memory {
  requires transitive dev.eventcore;
  requires static org.jspecify;

  exports dev.eventcore.memory;
}
