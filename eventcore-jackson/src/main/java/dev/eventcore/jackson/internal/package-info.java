/**
 * The Jackson 3 codecs' implementation: strict writing rules, the codec class and the check of
 * the application's {@code jackson-annotations} version. Not API: use {@link
 * dev.eventcore.jackson.JacksonCodec}.
 */
@NullMarked
package dev.eventcore.jackson.internal;

import org.jspecify.annotations.NullMarked;
