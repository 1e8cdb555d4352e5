package dev.eventcore.examples.boundary;

import dev.eventcore.StreamId;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.dcb.DcbDecider;
import dev.eventcore.dcb.DcbEvent;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TagRule;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.examples.boundary.BoundaryEvent.CourseDefined;
import dev.eventcore.examples.boundary.BoundaryEvent.StudentSubscribed;
import java.util.List;
import java.util.Set;

/**
 * Course subscriptions with capacity on both sides: a course has so many seats, a student takes at
 * most {@link #MAX_COURSES} courses. The decision reads the course's events and the student's
 * subscriptions, one boundary; two students racing for the last seat, or one student racing into
 * two courses, cannot both succeed. With streams this needs a saga (reserve the seat, then the
 * student's slot, compensate) or one aggregate for every course and student.
 */
public final class Courses {
  /** The most courses one student takes. */
  public static final int MAX_COURSES = 3;

  private Courses() {}

  /** What a subscription decision knows. */
  public record Seats(int capacity, int taken, int studentCourses, boolean subscribed) {
    static final Seats NONE = new Seats(-1, 0, 0, false);
  }

  /** The tag of a course's events. */
  public static Tag course(String courseId) {
    return Tag.of("course", courseId);
  }

  /** The tag of a student's events. */
  public static Tag student(String studentId) {
    return Tag.of("student", studentId);
  }

  /** How the course events are tagged: by course, and a subscription by its student too. */
  public static final TagRule<BoundaryEvent> TAGS = event -> {
    if (event instanceof StudentSubscribed s) {
      return Set.of(course(s.courseId()), student(s.studentId()));
    }
    return event instanceof CourseDefined d ? Set.of(course(d.courseId())) : Set.of();
  };

  /** Defines {@code courseId} with {@code capacity} seats. */
  public static TaggedEvent defined(String courseId, int capacity) {
    return TAGS.tag(new CourseDefined(courseId, capacity));
  }

  /** The subscription of {@code studentId} to {@code courseId}, tagged by {@link #TAGS}. */
  public static TaggedEvent subscribed(String courseId, String studentId) {
    return TAGS.tag(new StudentSubscribed(courseId, studentId));
  }

  /** The decider of {@code studentId} subscribing to {@code courseId}. */
  public static DcbDecider<Seats> seats(String courseId, String studentId) {
    DcbQuery query = DcbQuery.of(
        QueryItem.of(Set.of("CourseDefined", "StudentSubscribed"), Set.of(course(courseId))),
        QueryItem.of(Set.of("StudentSubscribed"), Set.of(student(studentId))));
    return DcbDecider.of(query, Seats.NONE, (seats, event) -> evolve(seats, event, courseId,
        studentId));
  }

  private static Seats evolve(Seats seats, DcbEvent event, String courseId, String studentId) {
    if (event.payload() instanceof CourseDefined defined) {
      return new Seats(defined.capacity(), seats.taken(), seats.studentCourses(),
          seats.subscribed());
    }
    StudentSubscribed subscribed = (StudentSubscribed) event.payload();
    boolean here = subscribed.courseId().equals(courseId);
    boolean mine = subscribed.studentId().equals(studentId);
    return new Seats(seats.capacity(), seats.taken() + (here ? 1 : 0),
        seats.studentCourses() + (mine ? 1 : 0), seats.subscribed() || here && mine);
  }

  /** The decision: the subscription, or a rejection saying which rule it breaks. */
  public static List<TaggedEvent> subscribe(Seats seats, String courseId, String studentId) {
    if (seats.capacity() < 0) {
      throw new CommandRejectedException("course " + courseId + " does not exist");
    }
    if (seats.subscribed()) {
      return List.of(); // already there: nothing to do
    }
    if (seats.taken() >= seats.capacity()) {
      throw new CommandRejectedException("course " + courseId + " is full");
    }
    if (seats.studentCourses() >= MAX_COURSES) {
      throw new CommandRejectedException("student " + studentId + " takes " + MAX_COURSES
          + " courses already");
    }
    return List.of(subscribed(courseId, studentId));
  }

  /** Subscribes {@code studentId} to {@code courseId} on {@code store}. */
  public static void subscribe(DcbStore store, String courseId, String studentId) {
    seats(courseId, studentId).execute(store, StreamId.of("subscription", courseId + "." + studentId),
        seats -> subscribe(seats, courseId, studentId));
  }
}
