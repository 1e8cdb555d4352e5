package dev.eventcore.spi;

import dev.eventcore.StoreLimits;
import dev.eventcore.internal.WakeUpSignal;
import dev.eventcore.observe.Observer;
import dev.eventcore.serialization.EventTypes;

/** A {@link ComposedEventStore} as its storage sees it. */
record ComposedContext(EventTypes eventTypes, StoreLimits limits, Observer observer,
    WakeUpSignal wakeUps) implements StorageContext {
  @Override
  public void signalWakeUp() {
    wakeUps.signal();
  }

  @Override
  public boolean onSubscriptionThread() {
    return SubscriptionEngine.onEngineThread();
  }
}
