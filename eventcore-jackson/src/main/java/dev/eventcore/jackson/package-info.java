/**
 * Jackson 3 event codecs: {@link dev.eventcore.jackson.JacksonCodec#json()} (the default, JSON
 * stored as {@code jsonb}) and {@link dev.eventcore.jackson.JacksonCodec#cbor()} (binary CBOR
 * stored as {@code bytea}), implementations of {@link dev.eventcore.serialization.EventCodec}.
 */
@NullMarked
package dev.eventcore.jackson;

import org.jspecify.annotations.NullMarked;
