/**
 * The testing kit: given/when/then fixtures for aggregates, commands and sagas, and the store
 * contract suite any adapter runs.
 */
module dev.eventcore.testkit {
  requires transitive dev.eventcore;
  requires transitive dev.eventcore.memory;
  requires transitive org.junit.jupiter.api;
  requires quicktheories;
  requires static org.jspecify;

  exports dev.eventcore.testkit;
  exports dev.eventcore.testkit.contract;

  // JUnit discovers and runs the contract suite's nested test classes reflectively
  opens dev.eventcore.testkit.contract to org.junit.platform.commons;
}
