/** Traces from eventcore's observer SPI, with the OpenTelemetry API (bring your SDK). */
module dev.eventcore.opentelemetry {
  requires transitive dev.eventcore;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;
  requires static org.jspecify;

  exports dev.eventcore.opentelemetry;
}
