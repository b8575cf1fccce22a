package io.atrack.sdk.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyPrefixTest {

  @Test
  void keepsAtMostMaxBytesOverManyCalls() {
    BodyPrefix prefix = new BodyPrefix();
    byte[] chunk = "0123456789".getBytes(StandardCharsets.US_ASCII);
    int kept = 0;
    for (int i = 0; i < 300; i++) {
      kept += prefix.accept(chunk, 0, chunk.length);
    }

    assertThat(kept).isEqualTo(BodyPrefix.MAX);
    assertThat(prefix.isFull()).isTrue();
    assertThat(prefix.decode()).hasSize(BodyPrefix.MAX).startsWith("0123456789");
  }

  @Test
  void startsEmptyAfterReset() {
    BodyPrefix prefix = new BodyPrefix();
    prefix.accept(new byte[] {'a'}, 0, 1);
    prefix.reset();

    assertThat(prefix.decode()).isEmpty();
  }

  @Test
  void dropsOnlyAnIncompleteLastUtf8Sequence() {
    byte[] euro = "a\u20ac".getBytes(StandardCharsets.UTF_8); // 61 E2 82 AC
    byte[] emoji = "\ud83d\ude00".getBytes(StandardCharsets.UTF_8); // 4 bytes

    assertThat(BodyPrefix.completeUtf8End(euro, 4)).isEqualTo(4);
    assertThat(BodyPrefix.completeUtf8End(euro, 3)).isEqualTo(1);
    assertThat(BodyPrefix.completeUtf8End(euro, 2)).isEqualTo(1);
    assertThat(BodyPrefix.completeUtf8End(emoji, 3)).isZero();
    assertThat(BodyPrefix.completeUtf8End(emoji, 4)).isEqualTo(4);
  }
}
