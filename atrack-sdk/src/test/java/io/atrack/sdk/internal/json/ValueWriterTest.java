package io.atrack.sdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.HijrahDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ValueWriterTest {
  enum Plan {
    FREE,
    BUSINESS {
      @Override
      public String toString() {
        return "Business plan";
      }
    }
  }

  record Item(String sku, double price, int quantity) {}

  record Cart(UUID id, List<Item> items, @Nullable Plan plan) {}

  record Holder(Object value) {}

  private record Hidden(String secret) {}

  @Test
  @SuppressWarnings("UnnecessaryStringBuilder") // A CharSequence that is not a String, on purpose.
  void writesScalarsAsJacksonDoes() {
    Object[] samples = {
      "text",
      'c',
      true,
      false,
      (byte) -7,
      (short) 300,
      42,
      -42L,
      Long.MIN_VALUE,
      1.5f,
      149.0,
      -0.0,
      1.0e10,
      3.4028235e38f,
      new BigDecimal("1.50"),
      new BigDecimal("1E+3"),
      new BigDecimal("-0.000000001"),
      new BigInteger("123456789012345678901234567890"),
      new AtomicInteger(5),
      new java.util.concurrent.atomic.AtomicBoolean(true),
      new AtomicLong(-5),
      Plan.FREE,
      Plan.BUSINESS,
      UUID.fromString("0d54a5c2-7f1e-4c3b-9a2d-1e2f3a4b5c6d")
    };
    for (Object v : samples) {
      assertThat(Oracle.oursAsString(v)).as("%s", v).isEqualTo(Oracle.jacksonAsString(v));
    }
    assertThat(Oracle.oursAsString(null)).isEqualTo("null");
    assertThat(Oracle.oursAsString(new StringBuilder("sb\n"))).isEqualTo("\"sb\\n\"");
  }

  @Test
  void writesEnumsByNameNotToString() {
    assertThat(Oracle.oursAsString(Plan.BUSINESS)).isEqualTo("\"BUSINESS\"");
  }

  @Test
  void writesContainersAsJacksonDoes() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("a", List.of(1, 2, Map.of("b", "c")));
    nested.put("nullValue", null);
    nested.put("set", new LinkedHashSet<>(List.of("x", "y")));
    nested.put("tree", new TreeMap<>(Map.of("z", 1, "a", 2)));
    nested.put("objects", new Object[] {1, "two", null, new int[] {3}});
    nested.put("ints", new int[] {1, -2});
    nested.put("longs", new long[] {Long.MAX_VALUE});
    nested.put("shorts", new short[] {7});
    nested.put("doubles", new double[] {0.5, 149.0});
    nested.put("floats", new float[] {0.1f});
    nested.put("booleans", new boolean[] {true, false});
    nested.put("chars", new char[] {'h', 'i'});
    nested.put("empty", new HashMap<>());
    nested.put("emptyList", new ArrayList<>());
    nested.put("deque", new ArrayDeque<>(List.of(1, 2)));

    assertThat(Oracle.oursAsString(nested)).isEqualTo(Oracle.jacksonAsString(nested));
  }

  @Test
  void writesRecordComponentsInDeclarationOrder() {
    Cart cart =
        new Cart(
            UUID.fromString("0d54a5c2-7f1e-4c3b-9a2d-1e2f3a4b5c6d"),
            List.of(new Item("A-1", 19.99, 2), new Item("B\"2", 5.0, 1)),
            null);
    assertThat(Oracle.oursAsString(cart))
        .isEqualTo(
            "{\"id\":\"0d54a5c2-7f1e-4c3b-9a2d-1e2f3a4b5c6d\",\"items\":[{\"sku\":\"A-1\","
                + "\"price\":19.99,\"quantity\":2},{\"sku\":\"B\\\"2\",\"price\":5.0,"
                + "\"quantity\":1}],\"plan\":null}")
        .isEqualTo(Oracle.jacksonAsString(cart));
  }

  @Test
  void readsPrivateRecords() {
    assertThat(Oracle.oursAsString(new Hidden("s"))).isEqualTo("{\"secret\":\"s\"}");
  }

  @Test
  void letsExceptionsFromRecordAccessorsThrough() {
    record Throwing(String value) {
      @SuppressWarnings("UnusedMethod") // The writer calls record accessors reflectively.
      @Override
      public String value() {
        throw new UnsupportedOperationException("no");
      }
    }
    assertThatThrownBy(() -> Oracle.ours(new Throwing("x")))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("no");
  }

  @Test
  void allowsAValuesOwnCodeToWriteJsonMeanwhile() {
    record Reentrant(String name) {
      @SuppressWarnings("UnusedMethod") // The writer calls record accessors reflectively.
      @Override
      public String name() {
        return Oracle.oursAsString(List.of("inner", 1));
      }
    }
    assertThat(Oracle.oursAsString(List.of(new Reentrant("x"), "after")))
        .isEqualTo("[{\"name\":\"[\\\"inner\\\",1]\"},\"after\"]");
  }

  @Test
  void writesOptionalsAsTheirValueOrNull() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("some", Optional.of("x"));
    map.put("none", Optional.empty());
    map.put("int", OptionalInt.of(3));
    map.put("noInt", OptionalInt.empty());
    map.put("long", OptionalLong.of(4));
    map.put("noLong", OptionalLong.empty());
    map.put("double", OptionalDouble.of(2.5));
    map.put("noDouble", OptionalDouble.empty());
    assertThat(Oracle.oursAsString(map))
        .isEqualTo(
            "{\"some\":\"x\",\"none\":null,\"int\":3,\"noInt\":null,\"long\":4,\"noLong\":null,"
                + "\"double\":2.5,\"noDouble\":null}");
  }

  @Test
  void writesJavaTimeValuesAsTheirIsoToString() {
    Instant instant = Instant.parse("2026-04-08T12:00:00Z");
    Object[] samples = {
      instant,
      Instant.parse("2026-04-08T12:00:00.123456789Z"),
      LocalDate.of(2024, 2, 29),
      LocalDateTime.of(2026, 4, 8, 12, 0),
      LocalTime.of(9, 30, 15),
      OffsetDateTime.of(2026, 4, 8, 14, 0, 0, 0, ZoneOffset.ofHours(2)),
      ZonedDateTime.of(2026, 4, 8, 14, 0, 0, 0, ZoneId.of("Europe/Paris")),
      Duration.ofMillis(90_500),
      ZoneId.of("Europe/Paris"),
      ZoneOffset.ofHoursMinutes(5, 30),
      java.time.Year.of(2026),
      java.time.YearMonth.of(2026, 4),
      java.time.Period.ofDays(3)
    };
    for (Object v : samples) {
      assertThat(Oracle.tree(Oracle.ours(v)).textValue()).as("%s", v).isEqualTo(v.toString());
    }
    assertThat(Oracle.oursAsString(java.time.DayOfWeek.MONDAY)).isEqualTo("\"MONDAY\"");
  }

  @Test
  @SuppressWarnings("JavaUtilDate") // Date is a supported attribute type.
  void writesDatesAsJavaScriptDoes() {
    assertThat(Oracle.oursAsString(new Date(1_775_649_600_000L)))
        .isEqualTo("\"2026-04-08T12:00:00.000Z\"");
  }

  @Test
  @SuppressWarnings("JavaUtilDate") // Date is a supported attribute type.
  void rejectsDatesBeyondTheRangeOfJavaScript() {
    assertThatThrownBy(() -> Oracle.ours(Map.of("when", new Date(Long.MAX_VALUE))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("attributes.when: timestamp out of range");
  }

  @Test
  void rejectsNonFiniteNumbersNamingThePath() {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("sku", "A");
    item.put("price", Double.NaN);
    Map<String, Object> attributes = Map.of("items", List.of(Map.of(), Map.of(), item));

    assertRejected(attributes, "attributes.items[2].price: NaN cannot be sent as JSON");
    assertRejected(Double.NaN, "attributes: NaN cannot be sent as JSON");
    assertRejected(Float.NaN, "attributes: NaN cannot be sent as JSON");
    assertRejected(Double.POSITIVE_INFINITY, "attributes: Infinity cannot be sent as JSON");
    assertRejected(Float.NEGATIVE_INFINITY, "attributes: -Infinity cannot be sent as JSON");
    assertRejected(
        Map.of("price", Float.POSITIVE_INFINITY),
        "attributes.price: Infinity cannot be sent as JSON");
    assertRejected(
        Map.of("p", new double[] {1, Double.NEGATIVE_INFINITY}),
        "attributes.p[1]: -Infinity cannot be sent as JSON");
    assertRejected(
        List.of(new float[] {Float.NaN}), "attributes[0][0]: NaN cannot be sent as JSON");
    assertRejected(new Object[] {1, Double.NaN}, "attributes[1]: NaN cannot be sent as JSON");
    assertRejected(OptionalDouble.of(Double.NaN), "attributes: NaN cannot be sent as JSON");
    assertRejected(new Holder(Double.NaN), "attributes.value: NaN cannot be sent as JSON");
  }

  @Test
  void rejectsMapKeysThatAreNotStrings() {
    assertRejected(
        Map.of("user", Map.of(1, "a")),
        "attributes.user: map keys must be String, found java.lang.Integer");
    Map<Object, Object> nullKey = new HashMap<>();
    nullKey.put(null, "a");
    assertRejected(nullKey, "attributes: map keys must be String, found null");
  }

  @Test
  void rejectsCycles() {
    Map<String, Object> self = new HashMap<>();
    self.put("self", self);
    assertRejected(self, "attributes.self: cycle detected: the value refers back to itself");

    List<Object> list = new ArrayList<>();
    list.add(1);
    list.add(list);
    assertRejected(list, "attributes[1]: cycle detected: the value refers back to itself");

    Map<String, Object> a = new LinkedHashMap<>();
    Map<String, Object> b = new LinkedHashMap<>();
    a.put("b", b);
    b.put("list", new ArrayList<>(List.of("x", new Holder(a))));
    assertRejected(
        Map.of("a", a),
        "attributes.a.b.list[1].value: cycle detected: the value refers back to itself");

    Object[] array = new Object[1];
    array[0] = array;
    assertRejected(array, "attributes[0]: cycle detected: the value refers back to itself");
  }

  @Test
  void acceptsTheSameValueTwiceSideBySide() {
    List<String> shared = List.of("x");
    assertThat(Oracle.oursAsString(Arrays.asList(shared, shared, Map.of("a", shared))))
        .isEqualTo("[[\"x\"],[\"x\"],{\"a\":[\"x\"]}]");
  }

  @Test
  void capsTheNestingDepth() {
    Object ok = "leaf";
    for (int i = 0; i < ValueWriter.MAX_DEPTH; i++) {
      ok = List.of(ok);
    }
    assertThat(Oracle.oursAsString(ok)).startsWith("[[[").endsWith("\"leaf\"" + "]".repeat(64));

    Object tooDeep = Map.of("k", ok);
    assertThatThrownBy(() -> Oracle.ours(tooDeep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attributes.k" + "[0]".repeat(63) + ": nested deeper than 64 levels");
  }

  @Test
  void rejectsUnsupportedTypesNamingTheTypeAndThePath() {
    assertRejected(
        Map.of("user", new Object()),
        "attributes.user: unsupported type java.lang.Object; send String, Number, Boolean, null,"
            + " Map, List, array, record, enum, UUID or java.time values");
    assertRejected(
        Path.of("a", "b"),
        "attributes: unsupported type "
            + Path.of("a").getClass().getName()
            + "; send String, Number, Boolean, null, Map, List, array, record, enum, UUID or"
            + " java.time values");
    assertRejected(
        HijrahDate.now(ZoneOffset.UTC),
        "attributes: unsupported type java.time.chrono.HijrahDate; send String, Number, Boolean,"
            + " null, Map, List, array, record, enum, UUID or java.time values");
    assertRejected(
        new java.util.concurrent.atomic.LongAdder(),
        "attributes: unsupported type java.util.concurrent.atomic.LongAdder; send String, Number,"
            + " Boolean, null, Map, List, array, record, enum, UUID or java.time values");
    assertRejected(
        Map.of("bytes", new byte[] {1}),
        "attributes.bytes: byte[] is not supported; send it as a String (Base64, for example)");
  }

  @Test
  void namesThePathWhenAValuePassesTheSizeLimit() {
    Map<String, Object> attributes = Map.of("notes", List.of("short", "x".repeat(200)));
    assertThatThrownBy(() -> Oracle.ours(attributes, 100))
        .isInstanceOf(JsonLimitException.class)
        .hasMessage("attributes.notes[1]: the JSON body exceeds the size limit of 100 bytes");
  }

  @Test
  void worksAgainAfterAFailureOnTheSameThread() {
    assertRejected(
        Map.of("a", List.of(Map.of("b", Double.NaN))),
        "attributes.a[0].b: NaN cannot be sent as JSON");
    assertThat(Oracle.oursAsString(Map.of("ok", List.of(1)))).isEqualTo("{\"ok\":[1]}");
    JsonWriter w = JsonWriter.create(100);
    assertThatThrownBy(() -> w.value(Double.NaN, "")).hasMessage("NaN cannot be sent as JSON");
  }

  private static void assertRejected(Object value, String message) {
    assertThatThrownBy(() -> Oracle.ours(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
