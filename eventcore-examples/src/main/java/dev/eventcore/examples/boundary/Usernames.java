package dev.eventcore.examples.boundary;

import dev.eventcore.StreamId;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.dcb.DcbDecider;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.examples.boundary.BoundaryEvent.UserRegistered;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Unique usernames: a registration reads the events tagged with the name and appends on the
 * condition that none came since. No reservation stream, no lookup table kept beside the log, no
 * saga releasing a name when the registration fails: the user's own event is the claim.
 */
public final class Usernames {
  private Usernames() {}

  /** The tag of a username's events: case-insensitive, as users read names. */
  public static Tag username(String username) {
    return Tag.of("username", username.toLowerCase(Locale.ROOT));
  }

  /** The decider of claiming {@code username}: the user holding it, if any. */
  public static DcbDecider<Optional<String>> holder(String username) {
    return DcbDecider.of(DcbQuery.of(QueryItem.tags(username(username))), Optional.empty(),
        (holder, event) -> Optional.of(((UserRegistered) event.payload()).userId()));
  }

  /** Registers {@code userId} as {@code username}, unless another user holds the name. */
  public static void register(DcbStore store, String userId, String username) {
    holder(username).execute(store, StreamId.of("user", userId),
        holder -> register(holder, userId, username));
  }

  /** The decision on the name's current holder. */
  public static List<TaggedEvent> register(Optional<String> holder, String userId,
      String username) {
    if (holder.isPresent()) {
      if (holder.get().equals(userId)) {
        return List.of(); // registered already
      }
      throw new CommandRejectedException("username " + username + " is taken");
    }
    return List.of(TaggedEvent.of(new UserRegistered(userId, username), username(username)));
  }
}
