package io.atrack.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client IP rules, header by header; the container tests cover the same through Jetty. */
class ClientIpTest {
  private static final ClientIp BEHIND_PROXIES =
      new ClientIp(TrustedProxies.parse(List.of("10.0.0.0/8", "2001:db8:ffff::/48")), false);
  private static final ClientIp NO_PROXIES = new ClientIp(TrustedProxies.none(), false);

  private static Enumeration<String> headers(String... values) {
    return Collections.enumeration(List.of(values));
  }

  private static String xff(ClientIp ip, String peer, String... values) {
    return ip.resolve(peer, headers(), headers(values));
  }

  private static String forwarded(ClientIp ip, String peer, String... values) {
    return ip.resolve(peer, headers(values), headers());
  }

  @Test
  void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeadersSay() {
    assertThat(xff(NO_PROXIES, "203.0.113.5", "1.1.1.1")).isEqualTo("203.0.113.5");
    assertThat(forwarded(NO_PROXIES, "203.0.113.5", "for=1.1.1.1")).isEqualTo("203.0.113.5");
  }

  @Test
  void anUntrustedPeerIsTheClientEvenWhenProxiesAreConfigured() {
    assertThat(xff(BEHIND_PROXIES, "203.0.113.5", "10.0.0.1")).isEqualTo("203.0.113.5");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "198.51.100.7 | 198.51.100.7",
        "1.1.1.1, 198.51.100.7 | 198.51.100.7",
        "198.51.100.7, 10.0.0.2, 10.0.0.3 | 198.51.100.7",
        "198.51.100.7:51234 | 198.51.100.7",
        "[2001:db8::7]:443, 10.0.0.2 | 2001:db8::7",
        "2001:db8::7 | 2001:db8::7",
        "10.0.0.9, 10.0.0.2 | 10.0.0.9",
        "198.51.100.7, garbage | 10.0.0.1",
        "198.51.100.7,, 10.0.0.2 | 10.0.0.1",
        "unknown, 10.0.0.2 | 10.0.0.1",
        "198.51.100.7, unknown | 10.0.0.1",
        " | 10.0.0.1"
      })
  void xForwardedForGivesTheRightMostUntrustedAddress(String header, String client) {
    assertThat(xff(BEHIND_PROXIES, "10.0.0.1", header == null ? "" : header)).isEqualTo(client);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "for=198.51.100.7 | 198.51.100.7",
        "For=198.51.100.7;proto=https;by=10.0.0.1 | 198.51.100.7",
        "for=\"[2001:db8::1]:4711\" | 2001:db8::1",
        "for=\"[2001:db8::1]\", for=10.0.0.2 | 2001:db8::1",
        "for=\"198.51.100.7:8080\" | 198.51.100.7",
        "for=198.51.100.7:_port | 198.51.100.7",
        "for=_hidden, for=10.0.0.2 | 10.0.0.1",
        "for=unknown | 10.0.0.1",
        "for=\"unknown:80\" | 10.0.0.1",
        "proto=https | 10.0.0.1",
        "for=198.51.100.7;for=198.51.100.8 | 10.0.0.1",
        "for=\"198.51.100.7 | 10.0.0.1",
        "for=198.51.100.7 garbage | 10.0.0.1",
        "for=not.an.ip | 10.0.0.1",
        "for=[2001:db8:ffff::9]:80, for=\"[2001:db8:ffff::8]\" | 2001:db8:ffff::9",
        "for = 198.51.100.7 ; proto = http | 198.51.100.7"
      })
  void forwardedGivesTheRightMostUntrustedFor(String header, String client) {
    assertThat(forwarded(BEHIND_PROXIES, "10.0.0.1", header)).isEqualTo(client);
  }

  @Test
  void forwardedWinsOverXForwardedForAndSeveralHeaderLinesFormOneChain() {
    assertThat(
            BEHIND_PROXIES.resolve(
                "10.0.0.1", headers("for=198.51.100.7", "for=10.0.0.5"), headers("203.0.113.99")))
        .isEqualTo("198.51.100.7");
    assertThat(xff(BEHIND_PROXIES, "10.0.0.1", "198.51.100.7", "10.0.0.5"))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void anIpv4MappedPeerMatchesAnIpv4Range() {
    assertThat(xff(BEHIND_PROXIES, "::ffff:10.0.0.1", "198.51.100.7")).isEqualTo("198.51.100.7");
  }

  @Test
  void overlongChainsAreNotReadAndGiveThePeer() {
    String longChain = "198.51.100.7, " + "10.0.0.2, ".repeat(2_000) + "10.0.0.3";
    assertThat(xff(BEHIND_PROXIES, "10.0.0.1", longChain)).isEqualTo("10.0.0.1");
  }

  @Test
  void aPeerThatIsNoAddressIsPassedOnAsGivenAndAnonymizationDropsIt() {
    assertThat(xff(NO_PROXIES, "unix:/run/app.sock")).isEqualTo("unix:/run/app.sock");
    assertThat(new ClientIp(TrustedProxies.none(), true).resolve("unix:/x", headers(), headers()))
        .isNull();
    assertThat(NO_PROXIES.resolve(null, headers(), headers())).isNull();
  }

  @Test
  void anonymizationAppliesToTheAddressFoundInTheChain() {
    ClientIp anonymizing = new ClientIp(TrustedProxies.parse(List.of("10.0.0.0/8")), true);
    assertThat(anonymizing.resolve("10.0.0.1", headers(), headers("198.51.100.7")))
        .isEqualTo("198.51.100.0");
  }

  @Test
  void cidrsAreCheckedNumerically() {
    assertThat(TrustedProxies.parse(List.of("192.0.2.7")).contains(IpAddress.parse("192.0.2.7")))
        .isTrue();
    assertThat(
            TrustedProxies.parse(List.of("192.0.2.0/25")).contains(IpAddress.parse("192.0.2.128")))
        .isFalse();
    assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).contains(IpAddress.parse("8.8.8.8")))
        .isTrue();
    assertThat(TrustedProxies.parse(List.of("::/0")).contains(IpAddress.parse("192.0.2.1")))
        .as("an IPv6 range never matches IPv4")
        .isFalse();
    for (String bad : List.of("10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/x", "::1/129", "", "host/8")) {
      assertThatThrownBy(() -> TrustedProxies.parse(List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"" + bad + "\"");
    }
  }
}
