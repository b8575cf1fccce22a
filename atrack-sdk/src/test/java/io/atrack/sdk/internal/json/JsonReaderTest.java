package io.atrack.sdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Reading back what the writer wrote, the way the SDK stores attributes as they were sent. */
class JsonReaderTest {
  private static Object roundTrip(Object value) {
    JsonWriter w = JsonWriter.create(1 << 20);
    w.value(value, "v");
    byte[] json = w.toByteArray();
    return JsonReader.read(json, 0, json.length);
  }

  enum Plan {
    PRO
  }

  @SuppressWarnings("ArrayRecordComponent") // a value a caller may send
  record Item(String sku, int[] counts, Optional<String> note) {}

  @Test
  void readsEveryWrittenTypeAsPlainJsonValues() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("record", new Item("x", new int[] {1, 2}, Optional.empty()));
    in.put("enum", Plan.PRO);
    in.put("uuid", new UUID(0, 1));
    in.put("chars", new char[] {'h', 'i'});
    in.put("float", 0.1f);
    in.put("doubles", new double[] {1.5, 149.0, 1.0E10});
    in.put("decimal", new BigDecimal("1.50"));
    in.put("precise", new BigDecimal("0.1000000000000000000001"));
    in.put("big", new BigInteger("99999999999999999999"));
    in.put("long", Long.MIN_VALUE);
    in.put("int", Integer.MAX_VALUE);

    Map<String, Object> expected = new LinkedHashMap<>();
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("sku", "x");
    record.put("counts", List.of(1, 2));
    record.put("note", null);
    expected.put("record", record);
    expected.put("enum", "PRO");
    expected.put("uuid", "00000000-0000-0000-0000-000000000001");
    expected.put("chars", "hi");
    expected.put("float", 0.1);
    expected.put("doubles", List.of(1.5, 149.0, 1.0E10));
    expected.put("decimal", 1.5);
    expected.put("precise", new BigDecimal("0.1000000000000000000001"));
    expected.put("big", new BigInteger("99999999999999999999"));
    expected.put("long", Long.MIN_VALUE);
    expected.put("int", Integer.MAX_VALUE);

    Map<String, Object> back = cast(roundTrip(in));
    assertThat(back).isEqualTo(expected);
    assertThat(back.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(back.get("int")).isInstanceOf(Integer.class);
    assertThat(back.get("long")).isInstanceOf(Long.class);
  }

  @Test
  void readsASliceOfABody() {
    String text = "{\"a\":1,\"attributes\":{\"k\":[true,null]},\"z\":{}}";
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    int from = text.indexOf("{\"k\"");
    int to = text.indexOf(",\"z\"");
    assertThat(JsonReader.readObject(body, from, to))
        .isEqualTo(Map.of("k", java.util.Arrays.asList(true, null)));
  }

  @Test
  void resultsAreUnmodifiable() {
    Object back = roundTrip(Map.of("list", List.of(1)));
    Map<String, Object> map = cast(back);
    assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void malformedInputFailsWithIllegalArgument() {
    byte[] bad = "{\"a\":}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> JsonReader.read(bad, 0, bad.length))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 300)
  void stringsSurviveTheRoundTrip(@ForAll String s) {
    assertThat(roundTrip(Map.of(s, s))).isEqualTo(Map.of(s, s));
  }

  @Property(tries = 300)
  void doublesSurviveTheRoundTrip(@ForAll double d) {
    if (Double.isFinite(d)) {
      assertThat(roundTrip(List.of(d))).isEqualTo(List.of(d));
    }
  }

  @Property(tries = 300)
  void longsComeBackAsTheNarrowestType(@ForAll long v) {
    Object back = ((List<?>) roundTrip(List.of(v))).get(0);
    assertThat(((Number) back).longValue()).isEqualTo(v);
    assertThat(back).isInstanceOf(v == (int) v ? Integer.class : Long.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }
}
