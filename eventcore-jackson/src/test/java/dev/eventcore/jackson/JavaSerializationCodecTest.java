package dev.eventcore.jackson;

import dev.eventcore.serialization.EventCodec;

/** The codec contract holds for a codec that is not Jackson. */
class JavaSerializationCodecTest extends EventCodecContract {
  @Override
  protected EventCodec codec() {
    return new JavaSerializationCodec();
  }
}
