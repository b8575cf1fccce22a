package io.atrack.sdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTimestampsTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final long YEAR_0000 = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
  private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();

  @Test
  void writesThreeFractionDigitsEvenOnAWholeSecond() {
    assertThat(IsoTimestamps.isoMillis(Instant.parse("2026-04-08T12:00:00Z").toEpochMilli()))
        .isEqualTo("2026-04-08T12:00:00.000Z");
    assertThat(IsoTimestamps.isoMillis(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(IsoTimestamps.isoMillis(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
    assertThat(IsoTimestamps.isoMillis(1)).isEqualTo("1970-01-01T00:00:00.001Z");
  }

  @Test
  void handlesLeapDaysAndCenturies() {
    String[] samples = {
      "2024-02-29T23:59:59.999Z", "2024-03-01T00:00:00.000Z", "2000-02-29T12:34:56.789Z",
      "1900-03-01T00:00:00.000Z", "2100-02-28T23:59:59.999Z", "2100-03-01T00:00:00.000Z",
      "1600-02-29T00:00:00.000Z", "0000-02-29T00:00:00.000Z", "0000-01-01T00:00:00.000Z",
      "9999-12-31T23:59:59.999Z", "1969-12-31T23:59:59.000Z"
    };
    for (String s : samples) {
      assertThat(IsoTimestamps.isoMillis(Instant.parse(s).toEpochMilli())).isEqualTo(s);
    }
  }

  @Test
  void matchesDateTimeFormatterOnRandomInstantsOfYears0000To9999() {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 50_000; i++) {
      long millis =
          i % 2 == 0
              ? random.nextLong(YEAR_0000, YEAR_10000)
              // around now, where nearly all real timestamps are
              : random.nextLong(0, 4_102_444_800_000L);
      String expected = REFERENCE.format(Instant.ofEpochMilli(millis));
      String actual = IsoTimestamps.isoMillis(millis);
      if (!actual.equals(expected)) {
        assertThat(actual).as("epochMillis %d (seed %d)", millis, seed).isEqualTo(expected);
      }
    }
  }

  @Test
  void writesYearsOutside0000To9999AsJavaScriptDoes() {
    // Expected values from Node.js: new Date(ms).toISOString().
    assertThat(IsoTimestamps.isoMillis(YEAR_10000)).isEqualTo("+010000-01-01T00:00:00.000Z");
    assertThat(IsoTimestamps.isoMillis(YEAR_0000 - 1)).isEqualTo("-000001-12-31T23:59:59.999Z");
    assertThat(IsoTimestamps.isoMillis(-62_198_755_200_000L))
        .isEqualTo("-000001-01-01T00:00:00.000Z");
    assertThat(IsoTimestamps.isoMillis(8_640_000_000_000_000L))
        .isEqualTo("+275760-09-13T00:00:00.000Z");
    assertThat(IsoTimestamps.isoMillis(-8_640_000_000_000_000L))
        .isEqualTo("-271821-04-20T00:00:00.000Z");
  }

  @Test
  void rejectsInstantsBeyondTheRangeOfJavaScriptDates() {
    assertThatThrownBy(() -> IsoTimestamps.isoMillis(8_640_000_000_000_001L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> IsoTimestamps.isoMillis(Long.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
