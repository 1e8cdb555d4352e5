/**
 * The Jackson 3 codecs: JSON (the default of the PostgreSQL store, stored as {@code jsonb}) and
 * CBOR (binary). Payload classes must be readable by Jackson: export or open their package to
 * {@code tools.jackson.databind}.
 */
module dev.eventcore.jackson {
  requires transitive dev.eventcore;
  requires transitive tools.jackson.databind;
  requires transitive tools.jackson.dataformat.cbor;
  requires static org.jspecify;

  exports dev.eventcore.jackson;
}
