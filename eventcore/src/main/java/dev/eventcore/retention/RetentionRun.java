package dev.eventcore.retention;

/**
 * What one pass of a {@link RetentionJob} did.
 *
 * @param streamsExamined the streams of the rules' categories it looked at
 * @param streamsTruncated those it truncated (by this pass; another instance's pass may have done
 *     some of the work already)
 * @param eventsRemoved the events it removed
 * @param streamsArchived the streams it archived events of (by archiving rules)
 * @param eventsArchived the events it moved to the archive
 *
 * @since 0.1.0
 */
public record RetentionRun(long streamsExamined, long streamsTruncated, long eventsRemoved,
    long streamsArchived, long eventsArchived) {

  /** Validates the counts. */
  public RetentionRun {
    if (streamsExamined < 0 || streamsTruncated < 0 || eventsRemoved < 0 || streamsArchived < 0
        || eventsArchived < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }
}
