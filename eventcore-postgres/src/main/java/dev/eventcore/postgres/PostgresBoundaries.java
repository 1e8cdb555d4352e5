package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbEvent;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.spi.BoundaryHooks;
import dev.eventcore.spi.LogBoundaries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Boundaries on PostgreSQL. A read is one statement under the log's transaction-id horizon, the
 * tags found through the tag index; its position is the last event below that horizon. Reads and
 * checks look for a type's stored old names too (events written before an upcaster renamed or
 * split them); reads return the events upcast. A
 * conditional append is one call of {@code dcb_append}, a transaction of its own: {@code
 * dcb_check} takes the locks every writer of a matching event holds and then looks for one after
 * the condition's position (V19 explains why no late committer slips through), then {@code
 * append_batch} writes, as for any append.
 */
final class PostgresBoundaries implements DcbStore {
  private static final String TAGS = "string_to_array(e.metadata ->> 'eventcore.tags', E'\\n')";
  private static final char TAG_LOCK = '\u001e';

  private final DefaultPostgresEventStore store;
  private final SchemaNames names;
  private final EventReader reader;
  private final String log;

  PostgresBoundaries(DefaultPostgresEventStore store, SchemaNames names, EventReader reader) {
    this.store = store;
    this.names = names;
    this.reader = reader;
    this.log = names.qualified("event_log");
  }

  @Override
  public DcbRead read(DcbQuery query, GlobalPosition after) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(after, "after");
    return read(query, after, Collections.nCopies(query.items().size(), after), false);
  }

  @Override
  public DcbRead read(DcbQuery query, List<GlobalPosition> afterEachItem) {
    Objects.requireNonNull(query, "query");
    GlobalPosition earliest = query.earliest(afterEachItem);
    return read(query, earliest, List.copyOf(afterEachItem), true);
  }

  /**
   * One read of {@code query}'s events after {@code after}, and, when {@code perItem}, each item's
   * after its own; the store asks for the stored events of its types' old names too and upcasts.
   */
  private DcbRead read(DcbQuery query, GlobalPosition after, List<GlobalPosition> afterEachItem,
      boolean perItem) {
    return store.readBoundary(query, afterEachItem, stored -> {
      List<Object> values = new ArrayList<>();
      String match = match(stored, perItem ? afterEachItem : null, values);
      String sql = FilteredReader.HORIZON
          + ", m AS (SELECT " + SchemaNames.EVENT_COLUMNS + " FROM " + log + " e"
          + " WHERE (e.tx, e.ordinal) > (CAST(? AS xid8), ?) AND e.tx < (SELECT xmin FROM h) AND ("
          + match + "))" + FilteredReader.tail(log)
          + " SELECT m.*, t.tail FROM t LEFT JOIN m ON true ORDER BY m.tx, m.ordinal";
      return reader.query().execute("boundary read of " + query, sql, EventQuery.Plans.REUSED,
          false, (c, statement) -> {
            int i = 1;
            statement.setString(i++, Long.toString(Positions.tx(after)));
            statement.setInt(i++, Positions.ordinal(after));
            bind(c, statement, i, values);
            return rows(stored, statement);
          });
    });
  }

  /**
   * The stored events the statement finds, and its position: the last event below the horizon,
   * even below the read's start, since a position past the horizon (one that came from an append,
   * say) is not one a condition may start from.
   */
  private DcbRead rows(DcbQuery stored, PreparedStatement statement) throws SQLException {
    List<DcbEvent> events = new ArrayList<>();
    long tail = 0;
    try (ResultSet rows = statement.executeQuery()) {
      RecordedEvent<?> previous = null;
      while (rows.next()) {
        long rowTail = rows.getLong(EventReader.COLUMNS + 1);
        tail = rows.wasNull() ? tail : Math.max(tail, rowTail);
        if (rows.getString(EventReader.STREAM_ID) != null) {
          previous = reader.decode(rows, previous);
          events.add(DcbEvent.of(previous));
        }
      }
    }
    return new DcbRead(stored, events, GlobalPosition.of(tail));
  }

  /**
   * The SQL of {@code query}'s items, OR-ed, each after its position in {@code afterEachItem}
   * when given, adding their values to {@code values}.
   */
  private String match(DcbQuery query, @Nullable List<GlobalPosition> afterEachItem,
      List<Object> values) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < query.items().size(); i++) {
      QueryItem item = query.items().get(i);
      sql.append(sql.length() == 0 ? "(true" : " OR (true");
      if (afterEachItem != null) {
        sql.append(" AND (e.tx, e.ordinal) > (CAST(? AS xid8), ?)");
        values.add(Long.toString(Positions.tx(afterEachItem.get(i))));
        values.add(Positions.ordinal(afterEachItem.get(i)));
      }
      if (!item.types().isEmpty()) {
        sql.append(" AND e.type = ANY (?)");
        values.add(item.types().toArray(String[]::new));
      }
      if (item.stream().isPresent()) {
        sql.append(" AND e.stream_id = ?");
        values.add(names.key(item.stream().get()));
      }
      List<String> tags = explicit(item);
      if (!tags.isEmpty()) {
        sql.append(" AND e.metadata ?? 'eventcore.tags' AND ").append(TAGS).append(" @> ?");
        values.add(tags.toArray(String[]::new));
      }
      sql.append(')');
    }
    return sql.toString();
  }

  private static List<String> explicit(QueryItem item) {
    return item.explicitTags().stream().map(Tag::value).toList();
  }

  private static void bind(Connection c, PreparedStatement statement, int first,
      List<Object> values) throws SQLException {
    int i = first;
    for (Object value : values) {
      if (value instanceof String[]) {
        statement.setArray(i++, c.createArrayOf("text", (String[]) value));
      } else if (value instanceof Integer) {
        statement.setInt(i++, (Integer) value);
      } else {
        statement.setString(i++, (String) value);
      }
    }
  }

  @Override
  public AppendResult append(StreamId stream, List<TaggedEvent> events, AppendCondition condition) {
    Objects.requireNonNull(condition, "condition");
    return appendChecked(stream, events, condition);
  }

  @Override
  public AppendResult append(StreamId stream, List<TaggedEvent> events) {
    return appendChecked(stream, events, null);
  }

  private AppendResult appendChecked(StreamId stream, List<TaggedEvent> events,
      @Nullable AppendCondition condition) {
    Objects.requireNonNull(stream, "stream");
    List<EventData<?>> data = LogBoundaries.withTags(events);
    FunctionAppend.Prefix check = check(stream, events, condition);
    return LogBoundaries.writingTagged(() -> store.appendGuarded(stream, data, check,
        position -> condition == null // an unconditional append finds nothing to refuse it
            ? new IllegalStateException("an unconditional append was refused at " + position)
            : new AppendConditionFailedException(condition, GlobalPosition.of(position))));
  }

  /**
   * The parameters of {@code dcb_check}: the locks (the append's stream, its events' tags shared,
   * one lock per condition item), whether the log's table lock is needed, the position, the items.
   */
  private FunctionAppend.Prefix check(StreamId stream, List<TaggedEvent> events,
      @Nullable AppendCondition condition) {
    List<String> keys = new ArrayList<>();
    List<Boolean> exclusive = new ArrayList<>();
    keys.add(names.key(stream)); // the append's own stream lock, in key order with the rest
    exclusive.add(true);
    for (TaggedEvent event : events) {
      for (Tag tag : event.tags()) {
        keys.add(tagLock(tag));
        exclusive.add(false);
      }
    }
    boolean lockLog = false;
    List<String> types = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    List<String> streams = new ArrayList<>();
    GlobalPosition after = condition == null ? GlobalPosition.START : condition.after();
    if (condition != null) {
      for (QueryItem item : store.storedQuery(condition.failIfEventsMatch()).items()) {
        String streamKey = item.stream().map(names::key).orElse(null);
        List<String> explicit = explicit(item);
        if (streamKey != null) {
          keys.add(streamKey); // every append to the stream holds it
          exclusive.add(true);
        } else if (!explicit.isEmpty()) {
          keys.add(tagLock(item.explicitTags().first())); // every matching event carries it
          exclusive.add(true);
        } else {
          lockLog = true; // types only, or every event: no narrower lock every writer holds
        }
        types.add(String.join("\n", item.types()));
        tags.add(String.join("\n", explicit));
        streams.add(streamKey);
      }
    }
    boolean log = lockLog;
    double stall = BoundaryHooks.stall().toNanos() / 1e9;
    return statement -> {
      Connection c = statement.getConnection();
      statement.setArray(1, c.createArrayOf("text", keys.toArray()));
      statement.setArray(2, c.createArrayOf("boolean", exclusive.toArray()));
      statement.setBoolean(3, log);
      statement.setString(4, Long.toString(Positions.tx(after)));
      statement.setInt(5, Positions.ordinal(after));
      statement.setArray(6, c.createArrayOf("text", types.toArray()));
      statement.setArray(7, c.createArrayOf("text", tags.toArray()));
      statement.setArray(8, c.createArrayOf("text", streams.toArray()));
      statement.setDouble(9, stall);
      return 10;
    };
  }

  private String tagLock(Tag tag) {
    return names.key("tag" + TAG_LOCK + tag.value());
  }

  @Override
  public String toString() {
    return "PostgresBoundaries[" + names.schema + "]";
  }
}
