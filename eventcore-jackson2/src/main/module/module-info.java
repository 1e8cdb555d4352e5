/** The Jackson 2 JSON codec, for applications that configure their own Jackson 2 mapper. */
module dev.eventcore.jackson2 {
  requires transitive dev.eventcore;
  requires transitive com.fasterxml.jackson.databind;
  requires static org.jspecify;

  exports dev.eventcore.jackson2;
}
