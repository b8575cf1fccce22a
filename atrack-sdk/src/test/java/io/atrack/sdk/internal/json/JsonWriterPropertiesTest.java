package io.atrack.sdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Random nested values written by us and by Jackson (see {@link Oracle} for its one setting): the
 * bytes must be equal, and parse to equal trees. Jackson's tree is parsed from its own bytes rather
 * than built with {@code valueToTree}, which keeps the Java types (a {@code LongNode} for a small
 * {@code Long}) while a receiver only ever sees parsed JSON.
 */
class JsonWriterPropertiesTest {
  enum Color {
    RED,
    GREEN {
      @Override
      public String toString() {
        return "green";
      }
    }
  }

  record Leaf(String name, long count, double ratio, boolean on, @Nullable Color color) {}

  record Branch(@Nullable Object left, List<Object> right) {}

  @Property(tries = 1000)
  void writesTheSameBytesAsJackson(@ForAll("values") @Nullable Object value) {
    byte[] ours = Oracle.ours(value);
    assertThat(ours).isEqualTo(Oracle.jackson(value));
    assertThat(Oracle.tree(ours)).isEqualTo(Oracle.tree(Oracle.jackson(value)));
  }

  @Property(tries = 200)
  void acceptsExactlyTheLimitAndNotOneByteLess(@ForAll("values") @Nullable Object value) {
    int size = Oracle.ours(value).length;
    assertThat(Oracle.ours(value, size)).hasSize(size);
    if (size > 1) {
      assertThatThrownBy(() -> Oracle.ours(value, size - 1)).isInstanceOf(JsonLimitException.class);
    }
  }

  @Property(tries = 1000)
  void writesAnyStringSoThatItParsesBack(@ForAll("anyChars") String s) {
    // Arbitrary chars include unpaired surrogates, which Jackson's parser accepts (escaped) in
    // values only: member names are checked to be encoded the same way.
    byte[] value = Oracle.ours(s);
    assertThat(value).isEqualTo(Oracle.jackson(s));
    assertThat(Oracle.tree(value).textValue()).isEqualTo(s);
    String member = new String(Oracle.ours(Map.of(s, 1)), StandardCharsets.UTF_8);
    assertThat(member).isEqualTo("{" + new String(value, StandardCharsets.UTF_8) + ":1}");
  }

  @Property(tries = 500)
  void writesJavaTimeValuesAsTheirToString(@ForAll("javaTime") Object value) {
    JsonNode tree = Oracle.tree(Oracle.ours(Map.of("at", List.of(value))));
    assertThat(tree.get("at").get(0)).isEqualTo(new TextNode(value.toString()));
  }

  @Property(tries = 500)
  void writesInstantsAndDatesAsJacksonsJavaTimeModuleDoes(@ForAll("instants") Instant instant)
      throws Exception {
    LocalDate date = LocalDate.ofInstant(instant, ZoneOffset.UTC);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("instant", instant);
    value.put("date", date);
    assertThat(Oracle.tree(Oracle.ours(value)))
        .isEqualTo(Oracle.tree(Oracle.JACKSON_TIME.writeValueAsBytes(value)));
  }

  // ---- generators ----

  @Provide
  Arbitrary<Object> values() {
    return values(3);
  }

  private Arbitrary<Object> values(int depth) {
    Arbitrary<Object> leaves = leaves();
    if (depth == 0) {
      return leaves;
    }
    Arbitrary<Object> inner = values(depth - 1);
    return Arbitraries.frequencyOf(
        List.of(
            Tuple.of(5, leaves),
            Tuple.of(2, maps(inner)),
            Tuple.of(2, inner.list().ofMaxSize(4).asGeneric()),
            Tuple.of(1, inner.array(Object[].class).ofMaxSize(3).asGeneric()),
            Tuple.of(
                1,
                Combinators.combine(inner, inner.list().ofMaxSize(3)).as(Branch::new).asGeneric()),
            Tuple.of(1, primitiveArrays())));
  }

  private Arbitrary<Object> maps(Arbitrary<Object> inner) {
    Arbitrary<Map<String, Object>> hashMaps =
        Arbitraries.maps(strings(), inner.injectNull(0.1)).ofMaxSize(4);
    return Arbitraries.oneOf(
        List.of(hashMaps.asGeneric(), hashMaps.map(LinkedHashMap::new).asGeneric()));
  }

  private Arbitrary<Object> leaves() {
    return Arbitraries.oneOf(
            List.of(
                strings().asGeneric(),
                Arbitraries.longs().asGeneric(),
                Arbitraries.integers().asGeneric(),
                Arbitraries.shorts().asGeneric(),
                Arbitraries.bytes().asGeneric(),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L).asGeneric(),
                doubles().asGeneric(),
                floats().asGeneric(),
                bigDecimals().asGeneric(),
                Arbitraries.bigIntegers().asGeneric(),
                Arbitraries.of(true, false).asGeneric(),
                Arbitraries.of(Color.class).asGeneric(),
                Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                    .as(UUID::new)
                    .asGeneric(),
                Arbitraries.chars().filter(c -> !Character.isSurrogate(c)).asGeneric(),
                leafRecords()))
        .injectNull(0.05);
  }

  private Arbitrary<Object> leafRecords() {
    return Combinators.combine(
            strings(),
            Arbitraries.longs(),
            doubles(),
            Arbitraries.of(true, false),
            Arbitraries.of(Color.class).injectNull(0.3))
        .as(Leaf::new)
        .asGeneric();
  }

  private Arbitrary<Object> primitiveArrays() {
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.integers().array(int[].class).ofMaxSize(4).asGeneric(),
            Arbitraries.longs().array(long[].class).ofMaxSize(4).asGeneric(),
            Arbitraries.shorts().array(short[].class).ofMaxSize(4).asGeneric(),
            doubles().array(double[].class).ofMaxSize(4).asGeneric(),
            floats().array(float[].class).ofMaxSize(4).asGeneric(),
            Arbitraries.of(true, false).array(boolean[].class).ofMaxSize(4).asGeneric(),
            Arbitraries.chars()
                .filter(c -> !Character.isSurrogate(c))
                .array(char[].class)
                .ofMaxSize(4)
                .asGeneric()));
  }

  /** Strings of whole code points, weighted towards what needs care: escapes, multi-byte. */
  private Arbitrary<String> strings() {
    Arbitrary<Integer> codePoints =
        Arbitraries.frequencyOf(
            List.of(
                Tuple.of(8, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.integers().between(0x00, 0x1F)),
                Tuple.of(2, Arbitraries.of((int) '"', (int) '\\', (int) '/', 0x7F)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
                Tuple.of(2, Arbitraries.integers().between(0x800, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                Tuple.of(1, Arbitraries.of(0x2028, 0x2029, 0xFEFF, 0xFFFD)),
                Tuple.of(2, Arbitraries.integers().between(0x1F300, 0x1FAFF)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF))));
    return codePoints
        .list()
        .ofMaxSize(12)
        .map(
            cps -> {
              StringBuilder sb = new StringBuilder();
              cps.forEach(sb::appendCodePoint);
              return sb.toString();
            });
  }

  @Provide
  Arbitrary<String> anyChars() {
    return Arbitraries.strings()
        .all()
        .ofMaxLength(20)
        .edgeCases(config -> config.add("\uD800", "\uDC00x", "a\uDBFF", "\uDE00\uD83D"));
  }

  @SuppressWarnings("FloatingPointLiteralPrecision") // 2e23: JDK 17's Double.toString edge case.
  private Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
            Arbitraries.integers().between(-20_000_000, 20_000_000).map(i -> (double) i),
            Arbitraries.integers().between(-100_000, 100_000).map(i -> i / 100.0),
            Arbitraries.of(
                0.0,
                -0.0,
                1e7,
                -1e7,
                9_999_999.0,
                1e-3,
                1e-4,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                Double.MIN_NORMAL,
                2e23,
                1e22)));
  }

  private Arbitrary<Float> floats() {
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.integers().map(Float::intBitsToFloat).filter(Float::isFinite),
            Arbitraries.integers().between(-100_000, 100_000).map(i -> i / 100f),
            Arbitraries.of(0f, -0f, 1e7f, Float.MIN_VALUE, Float.MAX_VALUE)));
  }

  private Arbitrary<BigDecimal> bigDecimals() {
    return Combinators.combine(
            Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
            Arbitraries.integers().between(-12, 24))
        .as(BigDecimal::new);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Combinators.combine(
            Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<Object> javaTime() {
    Arbitrary<Instant> instants = instants();
    Arbitrary<ZoneId> zones =
        Arbitraries.of(
            ZoneOffset.UTC,
            ZoneOffset.ofHoursMinutes(5, 30),
            ZoneOffset.ofHours(-8),
            ZoneId.of("Europe/Paris"),
            ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Kolkata"));
    return Arbitraries.oneOf(
        List.of(
            instants.asGeneric(),
            instants.map(i -> LocalDate.ofInstant(i, ZoneOffset.UTC)).asGeneric(),
            instants.map(i -> LocalDateTime.ofInstant(i, ZoneOffset.UTC)).asGeneric(),
            instants.map(i -> LocalTime.ofInstant(i, ZoneOffset.UTC)).asGeneric(),
            Combinators.combine(instants, zones).as(OffsetDateTime::ofInstant).asGeneric(),
            Combinators.combine(instants, zones).as(ZonedDateTime::ofInstant).asGeneric(),
            Arbitraries.longs().map(Duration::ofNanos).asGeneric(),
            zones.asGeneric()));
  }
}
