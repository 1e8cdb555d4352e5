/** Metrics from eventcore's observer SPI, as Micrometer meters. */
module dev.eventcore.micrometer {
  requires transitive dev.eventcore;
  requires transitive micrometer.core;
  requires static org.jspecify;

  exports dev.eventcore.micrometer;
}
