package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.testkit.FakeCollectorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KeysTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void masksAllButPrefixAndLastFour() {
    assertThat(Keys.mask("pub_live_8f3k29dk2a1b2")).isEqualTo("pub_…a1b2");
    assertThat(Keys.mask("pub_short")).isEqualTo("pub_…");
    assertThat(Keys.mask("abcdefghijklmnop")).isEqualTo("…mnop");
  }

  @Test
  void clientAndBuilderToStringShowOnlyTheMaskedKey() {
    ATrackBuilder builder = TestClients.against(collector);
    try (ATrack sdk = builder.build()) {
      assertThat(sdk.toString()).contains("pub_…cdef").doesNotContain(TestClients.KEY);
      assertThat(builder.toString()).contains("pub_…cdef").doesNotContain(TestClients.KEY);
    }
  }
}
