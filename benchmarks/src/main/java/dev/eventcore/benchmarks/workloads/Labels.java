package dev.eventcore.benchmarks.workloads;

/** The series labels shared by workloads and reports. */
public final class Labels {
  /** The library. */
  public static final String EVENTCORE = "eventcore";
  /** One prepared INSERT per commit. */
  public static final String RAW_SINGLE = "raw single insert";
  /** One INSERT ... SELECT FROM unnest(arrays) per commit. */
  public static final String RAW_BATCH = "raw best batch";
  /** One binary COPY per commit. */
  public static final String RAW_COPY = "raw COPY";
  /** Streaming SELECT decoded with the shared Jackson mapper. */
  public static final String RAW_READ = "raw read";
  /** Streaming SELECT, columns read as text, no JSON decoding. */
  public static final String RAW_READ_UNDECODED = "raw read undecoded";

  private Labels() {}
}
