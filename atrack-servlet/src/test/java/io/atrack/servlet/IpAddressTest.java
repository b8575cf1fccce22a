package io.atrack.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Numeric parsing only, canonical text out. */
class IpAddressTest {
  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 192.0.2.1",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "::1, ::1",
    "[::1], ::1",
    "0:0:0:0:0:0:0:1, ::1",
    "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8::0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
    "2001:0:0:1::, 2001:0:0:1::",
    "::, ::",
    "::ffff:192.0.2.1, 192.0.2.1",
    "::ffff:c000:0201, 192.0.2.1",
    "64:ff9b::192.0.2.1, 64:ff9b::c000:201",
    "fe80::1%eth0, fe80::1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1"
  })
  void parsesAndWritesCanonically(String in, String out) {
    assertThat(IpAddress.parse(in)).hasToString(out);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3.-4",
        "1.2.3.4x",
        "١.٢.٣.٤",
        ":::",
        "1::2::3",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "12345::",
        ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:",
        "::ffff:1.2.3",
        "[::1",
        "g::1",
        "::1.2.3.4.5"
      })
  void refusesWhatIsNotANumericAddress(String in) {
    assertThat(IpAddress.parse(in)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"203.0.113.77, 203.0.113.0", "2001:db8:85a3:1:2:3:4:5, 2001:db8:85a3::", "::1, ::"})
  void anonymizesTheLastOctetOrTheLast80Bits(String in, String out) {
    assertThat(IpAddress.parse(in).anonymized()).hasToString(out);
  }
}
