package io.atrack.sdk.internal.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Values written straight into the buffer match what the String route writes. */
class DirectValuesTest {

  private static String one(java.util.function.Consumer<JsonWriter> value) {
    JsonWriter w = JsonWriter.create(1024).beginArray();
    value.accept(w);
    return new String(w.endArray().toByteArray(), UTF_8);
  }

  @Test
  void uuidBitsAreWrittenAsUuidToStringDoes() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      assertThat(one(w -> w.valueUuid(id.getMostSignificantBits(), id.getLeastSignificantBits())))
          .isEqualTo("[\"" + id + "\"]");
    }
    assertThat(one(w -> w.valueUuid(0, 0))).isEqualTo("[\"00000000-0000-0000-0000-000000000000\"]");
    assertThat(one(w -> w.valueUuid(-1, -1)))
        .isEqualTo("[\"ffffffff-ffff-ffff-ffff-ffffffffffff\"]");
  }

  @Test
  void isoMillisIsWrittenAsTheStringFormWould() {
    SplittableRandom random = new SplittableRandom(7);
    long[] edges = {
      0,
      -1,
      1_775_649_600_000L,
      -62_167_219_200_000L,
      -62_167_219_200_001L,
      253_402_300_799_999L,
      253_402_300_800_000L,
      8_640_000_000_000_000L,
      -8_640_000_000_000_000L
    };
    for (long millis : edges) {
      assertThat(one(w -> w.valueIsoMillis(millis)))
          .isEqualTo("[\"" + IsoTimestamps.isoMillis(millis) + "\"]");
    }
    for (int i = 0; i < 10_000; i++) {
      long millis = random.nextLong(-8_640_000_000_000_000L, 8_640_000_000_000_001L);
      assertThat(one(w -> w.valueIsoMillis(millis)))
          .isEqualTo("[\"" + IsoTimestamps.isoMillis(millis) + "\"]");
    }
  }

  @Test
  void directValuesTakeCommasLikeAnyOther() {
    assertThat(one(w -> w.value(1).valueIsoMillis(0).valueUuid(0, 1)))
        .isEqualTo("[1,\"1970-01-01T00:00:00.000Z\",\"00000000-0000-0000-0000-000000000001\"]");
  }

  @Test
  void directValuesRespectTheSizeLimit() {
    JsonWriter w = JsonWriter.create(20).beginArray();
    assertThatThrownBy(() -> w.valueUuid(0, 0)).isInstanceOf(JsonLimitException.class);
    JsonWriter t = JsonWriter.create(20).beginArray();
    assertThatThrownBy(() -> t.valueIsoMillis(0)).isInstanceOf(JsonLimitException.class);
  }
}
