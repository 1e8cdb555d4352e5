package dev.eventcore.examples.boundary;

import static dev.eventcore.examples.boundary.Courses.defined;
import static dev.eventcore.examples.boundary.Courses.subscribed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.examples.boundary.BoundaryEvent.UserRegistered;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.testkit.DcbFixture;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of the boundary examples, decision by decision, with the testing kit's fixture. */
class BoundaryRulesTest {
  private static final DcbFixture<Courses.Seats> ADA_TO_MATHS =
      DcbFixture.of(Courses.seats("maths", "ada"));

  @Test
  void aStudentTakesAFreeSeat() {
    ADA_TO_MATHS.given(defined("maths", 2), subscribed("maths", "bob"), defined("art", 1),
            subscribed("art", "cy"))
        .when(seats -> Courses.subscribe(seats, "maths", "ada"))
        .then(subscribed("maths", "ada"));
  }

  @Test
  void aFullCourseRefuses() {
    ADA_TO_MATHS.given(defined("maths", 1), subscribed("maths", "bob"))
        .when(seats -> Courses.subscribe(seats, "maths", "ada"))
        .thenRejected("course maths is full");
  }

  @Test
  void aStudentTakesAtMostThreeCourses() {
    ADA_TO_MATHS.given(defined("maths", 9), subscribed("art", "ada"), subscribed("music", "ada"),
            subscribed("latin", "ada"))
        .when(seats -> Courses.subscribe(seats, "maths", "ada"))
        .thenRejected("student ada takes 3 courses already");
  }

  @Test
  void aSecondSubscriptionChangesNothingAndAnUnknownCourseRefuses() {
    ADA_TO_MATHS.given(defined("maths", 1), subscribed("maths", "ada"))
        .when(seats -> Courses.subscribe(seats, "maths", "ada"))
        .thenNothing();
    ADA_TO_MATHS.given(defined("art", 1))
        .when(seats -> Courses.subscribe(seats, "maths", "ada"))
        .thenRejected("course maths does not exist");
  }

  @Test
  void aUsernameIsHeldByOneUserWhateverItsCase() {
    DcbFixture<Optional<String>> ada = DcbFixture.of(Usernames.holder("Ada"));
    TaggedEvent registered =
        TaggedEvent.of(new UserRegistered("u-1", "ada"), Usernames.username("ada"));
    ada.given().when(holder -> Usernames.register(holder, "u-1", "Ada"))
        .then(TaggedEvent.of(new UserRegistered("u-1", "Ada"), Usernames.username("Ada")));
    ada.given(registered).when(holder -> Usernames.register(holder, "u-2", "Ada"))
        .thenRejected("username Ada is taken");
    ada.given(registered).when(holder -> Usernames.register(holder, "u-1", "Ada")).thenNothing();
  }

  @Test
  void invoiceNumbersFollowEachOther() {
    DcbStore store = new InMemoryEventStore().boundaries();
    Invoices invoices = new Invoices(store);
    assertEquals(1, invoices.create("c-1", 100));
    assertEquals(2, invoices.create("c-2", 200));
    assertEquals(3, new Invoices(store).create("c-1", 300), "another numberer reads the log");
    assertEquals(4, invoices.create("c-3", 400), "and the first reads what it wrote");
  }
}
