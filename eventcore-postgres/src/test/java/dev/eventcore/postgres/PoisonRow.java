package dev.eventcore.postgres;

import dev.eventcore.serialization.EventType;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.serialization.Upcaster;

/**
 * The kinds of stored row the store cannot decode, each inserted by SQL as another version of the
 * application, a hand-written fix or a corruption would leave it: type, revision, data and
 * metadata (as SQL jsonb literals), and a fragment the reason must contain.
 */
enum PoisonRow {
  UNKNOWN_TYPE("RenamedLongAgo", 1, "{\"n\": 1}", "{}", "RenamedLongAgo"),
  UNKNOWN_REVISION("Numbered", 7, "{\"n\": 1}", "{}", "revision 7"),
  A_STRING_WHERE_A_RECORD_IS_EXPECTED("Numbered", 1, "\"just text\"", "{}", "Numbered"),
  TEXT_FOR_A_PRIMITIVE_FIELD("Numbered", 1, "{\"n\": \"not a number\"}", "{}", "not a number"),
  NULL_FOR_A_PRIMITIVE_FIELD("Numbered", 1, "{\"n\": null}", "{}", "Numbered"),
  JSON_NULL("Numbered", 1, "null", "{}", "JSON null"),
  AN_UPCASTER_THAT_THROWS("NumberedLongAgo", 1, "{\"n\": 5}", "{}", "upcaster refuses"),
  A_NUMBER_OVER_THE_READ_LIMIT("Numbered", 1, "{\"n\": " + "7".repeat(1_500) + "}", "{}",
      "1000"),
  A_NAME_OVER_THE_READ_LIMIT("Numbered", 1,
      "{\"" + "k".repeat(60_000) + "\": 1, \"n\": 1}", "{}", "50000"),
  METADATA_WITH_AN_OBJECT_VALUE("Numbered", 1, "{\"n\": 1}", "{\"k\": {\"nested\": 1}}",
      "metadata"),
  METADATA_WITH_A_NUMBER_VALUE("Numbered", 1, "{\"n\": 1}", "{\"k\": 1}", "not a string"),
  METADATA_THAT_IS_AN_ARRAY("Numbered", 1, "{\"n\": 1}", "[1, 2]", "metadata");

  final String type;
  final int revision;
  final String data;
  final String metadata;
  final String reasonContains;

  PoisonRow(String type, int revision, String data, String metadata, String reasonContains) {
    this.type = type;
    this.revision = revision;
    this.data = data;
    this.metadata = metadata;
    this.reasonContains = reasonContains;
  }

  /** An old shape whose upcaster always throws. */
  @EventType("NumberedLongAgo")
  record NumberedV0(long n) {}

  /** The test event types, with the throwing upcaster. */
  static EventTypes types() {
    return EventTypes.of(TestEvent.class).withUpcasters(
        Upcaster.of(NumberedV0.class, TestEvent.Numbered.class, old -> {
          throw new IllegalStateException("upcaster refuses " + old);
        }));
  }

  /** Inserts the row as version 1 of {@code stream}, in a transaction of its own. */
  void insert(PostgresTestDatabase db, String stream) throws Exception {
    db.sql("INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type, revision,"
        + " data, metadata) VALUES (pg_current_xact_id(), 0, '" + stream + "', 1,"
        + " gen_random_uuid(), '" + type + "', " + revision + ", '" + data.replace("'", "''")
        + "'::jsonb, '" + metadata + "'::jsonb)");
  }
}
