package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A text column read for the next row of a read gives the string the row before gave when it
 * holds the same ASCII text, and exactly what {@code getString} gives otherwise.
 */
class RowTextTest {
  @Test
  void aRepeatedAsciiTextIsTheSameStringAndEveryOtherTextIsWhatGetStringGives() throws Exception {
    List<String> expected = new ArrayList<>();
    List<String> read = new ArrayList<>();
    try (Connection connection = PostgresTestDatabase.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT t FROM (VALUES (1, 'OrderPlaced'),"
            + " (2, 'OrderPlaced'), (3, 'OrderPlaceD'), (4, 'Bestellung-Übermittelt'),"
            + " (5, 'Bestellung-Übermittelt'), (6, NULL), (7, ''), (8, ''), (9, 'OrderPlace'))"
            + " v(n, t) ORDER BY n")) {
      String known = null;
      while (rows.next()) {
        expected.add(rows.getString(1));
        known = RowText.of(rows, 1, known);
        read.add(known);
      }
    }
    assertEquals(expected, read);
    assertSame(read.get(0), read.get(1), "the same type name: the same string");
    assertNotSame(read.get(1), read.get(2));
    assertNotSame(read.get(3), read.get(4), "not ASCII: decoded, still equal");
    assertNull(read.get(5));
    assertSame(read.get(6), read.get(7));
  }
}
