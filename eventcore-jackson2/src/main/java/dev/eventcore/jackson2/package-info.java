/**
 * A Jackson 2 event codec, {@link dev.eventcore.jackson2.Jackson2Codec#json(
 * com.fasterxml.jackson.databind.ObjectMapper)}, for applications on Jackson 2 (Spring Boot 3)
 * that pass their own {@code ObjectMapper}; it writes the same JSON as the Jackson 3 codec.
 */
@NullMarked
package dev.eventcore.jackson2;

import org.jspecify.annotations.NullMarked;
