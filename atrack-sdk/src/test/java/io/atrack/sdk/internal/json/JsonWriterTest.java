package io.atrack.sdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class JsonWriterTest {
  private static final JsonKey SDK_VERSION = JsonKey.of("sdkVersion");

  @Test
  void writesAnEventBodyWithCommasAndColonsPlaced() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("plan", "business");
    attributes.put("seats", 12);
    attributes.put("price", 149.0);

    JsonWriter w = JsonWriter.create(64 * 1024);
    w.beginObject();
    w.name(SDK_VERSION).value("0.1.0");
    w.name("uuid").value("server-user-42");
    w.name("event").value("invoice_paid");
    w.name("attributes").value(attributes, "attributes");
    w.name("timestamp").value("2026-04-08T12:00:00.000Z");
    w.name("context").beginObject().endObject();
    w.name("isNewUser").value(false);
    w.name("retries").value(0L);
    w.name("nothing").nullValue();
    w.name("list").beginArray().value(1L).value("two").beginArray().endArray().nullValue();
    w.endArray();
    w.endObject();

    assertThat(utf8(w.toByteArray()))
        .isEqualTo(
            "{\"sdkVersion\":\"0.1.0\",\"uuid\":\"server-user-42\",\"event\":\"invoice_paid\","
                + "\"attributes\":{\"plan\":\"business\",\"seats\":12,\"price\":149.0},"
                + "\"timestamp\":\"2026-04-08T12:00:00.000Z\",\"context\":{},\"isNewUser\":false,"
                + "\"retries\":0,\"nothing\":null,\"list\":[1,\"two\",[],null]}");
  }

  @Test
  void writesScalarsAsWholeDocuments() {
    assertThat(utf8(JsonWriter.create(10).value(true).toByteArray())).isEqualTo("true");
    assertThat(utf8(JsonWriter.create(10).value((String) null).toByteArray())).isEqualTo("null");
    assertThat(utf8(JsonWriter.create(10).value("x").toByteArray())).isEqualTo("\"x\"");
    assertThat(utf8(JsonWriter.create(10).beginArray().endArray().toByteArray())).isEqualTo("[]");
  }

  @Test
  void writesLongsAsLongToStringDoes() {
    long[] samples = {
      0,
      1,
      -1,
      9,
      10,
      99,
      100,
      12345,
      -12345,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      999_999_999_999_999_999L,
      1_000_000_000_000_000_000L,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      Long.MIN_VALUE + 1
    };
    for (long v : samples) {
      assertThat(utf8(JsonWriter.create(64).value(v).toByteArray())).isEqualTo(Long.toString(v));
    }
    for (long p = 1; p > 0 && p < Long.MAX_VALUE / 10; p *= 10) {
      for (long v : new long[] {p - 1, p, p + 1, -p + 1, -p, -p - 1}) {
        assertThat(utf8(JsonWriter.create(64).value(v).toByteArray())).isEqualTo(Long.toString(v));
      }
    }
  }

  @Test
  // 2e23 and 2^53 + 1 on purpose: JDK 17's Double.toString and rounding are what is tested.
  @SuppressWarnings("FloatingPointLiteralPrecision")
  void writesDoublesAsDoubleToStringDoes() {
    double[] samples = {
      0.0,
      -0.0,
      1.0,
      -1.0,
      149.0,
      0.5,
      0.1,
      1e-3,
      1e-4,
      9_999_999.0,
      -9_999_999.0,
      1e7,
      -1e7,
      1.0e10,
      123456789.125,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      Double.MIN_NORMAL,
      2e23,
      4.35,
      0.3,
      1e21,
      1e22,
      9007199254740993.0
    };
    for (double v : samples) {
      assertThat(utf8(JsonWriter.create(64).value(v).toByteArray()))
          .as("%s", v)
          .isEqualTo(Double.toString(v));
    }
  }

  @Test
  void rejectsNanAndInfinityFromTheTypedDoubleMethod() {
    assertThatThrownBy(() -> JsonWriter.create(64).value(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NaN cannot be sent as JSON");
    assertThatThrownBy(() -> JsonWriter.create(64).value(Double.POSITIVE_INFINITY))
        .hasMessage("Infinity cannot be sent as JSON");
    assertThatThrownBy(() -> JsonWriter.create(64).value(Double.NEGATIVE_INFINITY))
        .hasMessage("-Infinity cannot be sent as JSON");
  }

  @Test
  void preEncodedKeyWritesTheSameBytesAsName() {
    String name = "k\"\\\n\u0001é😀";
    JsonKey key = JsonKey.of(name);
    byte[] viaKey =
        JsonWriter.create(100).beginObject().name(key).value(1L).endObject().toByteArray();
    byte[] viaName =
        JsonWriter.create(100).beginObject().name(name).value(1L).endObject().toByteArray();
    assertThat(viaKey).isEqualTo(viaName).isEqualTo(Oracle.jackson(Map.of(name, 1)));
    assertThat(key.name()).isEqualTo(name);
  }

  @Test
  void rejectsMisplacedCallsWithIllegalStateException() {
    assertThatThrownBy(() -> JsonWriter.create(100).beginObject().value(1L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected name() or endObject()");
    assertThatThrownBy(() -> JsonWriter.create(100).beginArray().name("a"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JsonWriter.create(100).beginObject().name("a").name("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected a value after name()");
    assertThatThrownBy(() -> JsonWriter.create(100).beginArray().endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JsonWriter.create(100).beginObject().name("a").endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JsonWriter.create(100).value(1L).value(2L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the document is complete");
    assertThatThrownBy(() -> JsonWriter.create(100).endArray())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JsonWriter.create(100).beginObject().toByteArray())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("incomplete");
    assertThatThrownBy(() -> JsonWriter.create(100).toByteArray())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsNonPositiveLimits() {
    assertThatThrownBy(() -> JsonWriter.create(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytes");
  }

  @Test
  void refusesEveryCallOnceFinished() {
    JsonWriter w = JsonWriter.create(100).beginArray().endArray();
    w.toByteArray();
    assertFinished(w);
  }

  @Test
  void refusesEveryCallAfterAnError() {
    JsonWriter w = JsonWriter.create(100).beginArray();
    assertThatThrownBy(() -> w.value(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertFinished(w);

    JsonWriter v = JsonWriter.create(100).beginArray();
    assertThatThrownBy(() -> v.value(new Object(), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertFinished(v);
  }

  private static void assertFinished(JsonWriter w) {
    assertThatThrownBy(w::toByteArray)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finished");
    assertThatThrownBy(() -> w.value(1L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finished");
    assertThatThrownBy(w::beginObject).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(w::endArray).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.name("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.value("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.value(List.of(), "a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void acceptsADocumentOfExactlyTheLimitAndRejectsOneByteMore() {
    String json = "{\"a\":\"é😀\",\"b\":[1,true,null,2.5]}";
    int size = json.getBytes(StandardCharsets.UTF_8).length;
    assertThat(utf8(writeSample(JsonWriter.create(size)))).isEqualTo(json);
    assertThatThrownBy(() -> writeSample(JsonWriter.create(size - 1)))
        .isInstanceOf(JsonLimitException.class)
        .hasMessage("the JSON body exceeds the size limit of " + (size - 1) + " bytes");
  }

  private static byte[] writeSample(JsonWriter w) {
    return w.beginObject()
        .name("a")
        .value("é😀")
        .name("b")
        .beginArray()
        .value(1L)
        .value(true)
        .nullValue()
        .value(2.5)
        .endArray()
        .endObject()
        .toByteArray();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.SECONDS)
  void stopsEarlyOnAHugeString() {
    String huge = "a".repeat(10 * 1024 * 1024);
    JsonWriter w = JsonWriter.create(64 * 1024).beginObject().name("description");
    assertThatThrownBy(() -> w.value(huge))
        .isInstanceOf(JsonLimitException.class)
        .hasMessageContaining("size limit of 65536 bytes")
        .satisfies(e -> assertThat(((JsonLimitException) e).maxBytes()).isEqualTo(65536));
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.SECONDS)
  void stopsEarlyOnAStringWhoseEscapesPassTheLimit() {
    // Fewer chars than the limit, but six bytes each: found out segment by segment.
    String controls = "\u0001".repeat(60_000);
    Map<String, Object> attributes = Map.of("description", controls);
    assertThatThrownBy(() -> JsonWriter.create(64 * 1024).value(attributes, "attributes"))
        .isInstanceOf(JsonLimitException.class)
        .hasMessage("attributes.description: the JSON body exceeds the size limit of 65536 bytes");
  }

  @Test
  void keepsEachWriterSeparateWhenTheyOverlapOnOneThread() {
    JsonWriter outer = JsonWriter.create(1 << 20).beginArray().value("outer");
    JsonWriter inner = JsonWriter.create(1 << 20).beginArray().value("inner").value(1L);
    outer.value("x".repeat(5000)); // grows the outer buffer while the inner one is open
    byte[] innerBytes = inner.endArray().toByteArray();
    JsonWriter third = JsonWriter.create(100).value("third"); // reuses the inner's arrays
    byte[] outerBytes = outer.endArray().toByteArray();

    assertThat(utf8(innerBytes)).isEqualTo("[\"inner\",1]");
    assertThat(utf8(outerBytes)).isEqualTo("[\"outer\",\"" + "x".repeat(5000) + "\"]");
    assertThat(utf8(third.toByteArray())).isEqualTo("\"third\"");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void writesCorrectlyFromManyThreadsAtOnce() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        results.add(
            pool.submit(
                () -> {
                  int checked = 0;
                  for (int i = 0; i < 2_000; i++) {
                    Map<String, Object> attributes = new LinkedHashMap<>();
                    attributes.put("thread", id);
                    attributes.put("i", i);
                    attributes.put("text", "é".repeat(i % 50));
                    String expected = Oracle.jacksonAsString(attributes);
                    assertThat(Oracle.oursAsString(attributes)).isEqualTo(expected);
                    checked++;
                  }
                  return checked;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(2_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keepsOnlyJdkTypesInTheThreadLocalSoNoClassLoaderIsPinned() {
    JsonWriter w = JsonWriter.create(100).beginArray().value(Map.of("a", List.of(1)), "x");
    w.endArray().toByteArray();
    Object[] set = Scratch.take();
    try {
      assertThat(set).isNotEmpty();
      for (Object array : set) {
        assertThat(array).isNotNull();
        assertThat(array.getClass().getClassLoader()).as("%s", array.getClass()).isNull();
      }
    } finally {
      Scratch.giveBack(set);
    }
  }

  @Test
  void refillsTheThreadSlotAfterAnAbandonedWriter() {
    JsonWriter abandoned = JsonWriter.create(100).beginArray();
    assertThat(abandoned.size()).isEqualTo(1);
    assertThat(utf8(JsonWriter.create(100).value(1L).toByteArray())).isEqualTo("1");
    Object[] refilled = Scratch.take();
    Object[] fresh = Scratch.take();
    assertThat(fresh).isNotSameAs(refilled);
    Scratch.giveBack(refilled);
    Scratch.giveBack(fresh); // the slot is full: dropped
    Object[] again = Scratch.take();
    assertThat(again).isSameAs(refilled);
    Scratch.giveBack(again);
  }

  @Test
  void reusesTheThreadBufferAfterABigDocument() {
    String big = "é".repeat(100_000);
    assertThat(utf8(JsonWriter.create(1 << 20).value(big).toByteArray()))
        .isEqualTo("\"" + big + "\"");
    for (int i = 0; i < 3; i++) {
      assertThat(utf8(JsonWriter.create(100).beginArray().value(i).endArray().toByteArray()))
          .isEqualTo("[" + i + "]");
    }
  }

  @Test
  void reportsItsSizeSoFar() {
    JsonWriter w = JsonWriter.create(100).beginArray().value("é");
    assertThat(w.size()).isEqualTo(5);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
