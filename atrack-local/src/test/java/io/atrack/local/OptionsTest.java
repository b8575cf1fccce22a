package io.atrack.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void defaultsAreLoopbackPort4318AndADotFolder() {
    Options o = Options.parse();

    assertThat(o.host().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isEqualTo(4318);
    assertThat(o.dataDir()).isEqualTo(Path.of(".atrack-local"));
    assertThat(o.strict()).isFalse();
  }

  @Test
  void readsEveryFlag() {
    Options o = Options.parse("--port", "0", "--data", "/tmp/x", "--strict", "--host", "::1");

    assertThat(o.port()).isZero();
    assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(o.strict()).isTrue();
    assertThat(o.host().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
  }

  @Test
  void badArgumentsSayWhichAndShowTheUsage() {
    assertThatThrownBy(() -> Options.parse("--port", "70000"))
        .hasMessage("--port must be a number in 0..65535, was 70000");
    assertThatThrownBy(() -> Options.parse("--port"))
        .hasMessageStartingWith("--port needs a value");
    assertThatThrownBy(() -> Options.parse("--verbose"))
        .hasMessageStartingWith("unknown argument --verbose")
        .hasMessageContaining("usage:");
  }
}
