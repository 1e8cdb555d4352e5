package dev.eventcore.shredding;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link PersonalData} components of a class, found once per class: a payload class with none
 * (any class that is not a record) costs a lookup.
 */
final class PersonalFields {
  /** One marked component: its name, its type and the accessor of its subject's component. */
  record Field(String name, Class<?> type, String subjectName, Method subject) {

    /** The subject id of this field in {@code payload}. */
    String subjectOf(Object payload) {
      Object id;
      try {
        id = subject.invoke(payload);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalArgumentException("reading the data subject " + subjectName + " of "
            + payload.getClass().getName() + " failed: " + e, e);
      }
      if (id == null || id.toString().isBlank()) {
        throw new IllegalArgumentException("the data subject " + subjectName + " of the personal"
            + " data " + name + " of " + payload.getClass().getName() + " is "
            + (id == null ? "null" : "blank") + ": personal data needs a subject to be encrypted for");
      }
      return Subjects.require(id.toString());
    }
  }

  private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
    @Override
    protected List<Field> computeValue(Class<?> type) {
      return find(type);
    }
  };

  private PersonalFields() {}

  /**
   * The marked components of {@code type}, in declaration order (empty for a class that is not a
   * record or marks none).
   *
   * @throws IllegalArgumentException if a mark is wrong (names no component, names itself, or
   *     names a component that is itself personal data)
   */
  static List<Field> of(Class<?> type) {
    return FIELDS.get(type); // a failed computation is not kept: a wrong mark fails every call
  }

  private static List<Field> find(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    if (components == null) {
      return List.of();
    }
    Map<String, RecordComponent> byName = new HashMap<>();
    for (RecordComponent component : components) {
      byName.put(component.getName(), component);
    }
    List<Field> fields = new ArrayList<>();
    for (RecordComponent component : components) {
      PersonalData mark = component.getAnnotation(PersonalData.class);
      if (mark == null) {
        continue;
      }
      String where = "@PersonalData on " + type.getName() + "." + component.getName();
      RecordComponent subject = byName.get(mark.subject());
      if (subject == null) {
        throw new IllegalArgumentException(where + " names the data subject \"" + mark.subject()
            + "\", which is no component of the record (its components: " + byName.keySet()
            + ")");
      }
      if (subject == component) {
        throw new IllegalArgumentException(where + " names the component itself as its data"
            + " subject: the subject's id must be stored in clear in another component");
      }
      if (subject.isAnnotationPresent(PersonalData.class)) {
        throw new IllegalArgumentException(where + " names " + subject.getName() + " as its data"
            + " subject, but that component is personal data itself: a subject id is read in"
            + " clear to find the key");
      }
      Method accessor = subject.getAccessor();
      if (!accessor.trySetAccessible()) {
        throw new IllegalArgumentException(where + ": the accessor " + subject.getName()
            + "() cannot be called from eventcore (open the record's package to dev.eventcore)");
      }
      fields.add(new Field(component.getName(), component.getType(), subject.getName(), accessor));
    }
    return List.copyOf(fields);
  }
}
