package io.atrack.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.RequestContext;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each context field, from real HTTP requests through Jetty 12 to the collector. */
@Timeout(60)
class FilterContextTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  private ATrack sdk;
  private TestServer server;

  private TestServer start(UnaryOperator<ATrackFilter.Builder> options) throws Exception {
    return start(options, null);
  }

  private TestServer start(UnaryOperator<ATrackFilter.Builder> options, @Nullable Filter outer)
      throws Exception {
    sdk = Servlets.client(collector);
    ATrackFilter filter = options.apply(ATrackFilter.builder(sdk)).build();
    TestServer.Builder b =
        TestServer.builder(filter)
            .servlet("/app/*", Servlets.tracking(sdk))
            .servlet("/probe", Servlets.probe(sdk));
    if (outer != null) {
      b.outerFilter(outer);
    }
    server = b.start();
    return server;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (sdk != null) {
      sdk.close();
    }
  }

  /** Sends one request, waits for its event, and returns the event's context. */
  private Map<String, Object> eventContext(HttpResponse<String> response) {
    assertThat(response.statusCode()).as("status; body %s", response.body()).isEqualTo(200);
    RecordedRequest event = collector.awaitRequests("/event", 1, WAIT).get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> context = (Map<String, Object>) event.body().get("context");
    return context;
  }

  @Test
  void everyContextFieldComesFromTheRequest() throws Exception {
    start(b -> b.timezoneHeader("X-Timezone"));
    HttpResponse<String> response =
        Http.get(
            server.uri("/app/pricing?source=google&q=a%20b"),
            "Referer",
            "https://google.com/search?q=atrack",
            "User-Agent",
            "Mozilla/5.0 (X11; Linux x86_64) Test/1.0",
            "Accept-Language",
            "fr-CH;q=0.5, de-de, en;q=0.8",
            "X-Timezone",
            "Europe/Berlin");

    assertThat(eventContext(response))
        .containsExactly(
            Map.entry("url", "/app/pricing?source=google&q=a%20b"),
            Map.entry("referer", "https://google.com/search?q=atrack"),
            Map.entry("ipAddress", "127.0.0.1"),
            Map.entry("userAgent", "Mozilla/5.0 (X11; Linux x86_64) Test/1.0"),
            Map.entry("locale", "de-DE"),
            Map.entry("timezone", "Europe/Berlin"));
  }

  @Test
  void aRequestWithoutHeadersSendsOnlyUrlAndIp() throws Exception {
    start(b -> b.timezoneHeader("X-Timezone"));
    // java.net.http sends no User-Agent only when told to send an empty one... it always sends
    // one, so the raw request below carries exactly what a bare client sends.
    String answer = raw("GET /app/bare HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    RecordedRequest event = collector.awaitRequests("/event", 1, WAIT).get(0);
    assertThat(event.body().get("context"))
        .isEqualTo(Map.of("url", "/app/bare", "ipAddress", "127.0.0.1"));
  }

  @Test
  void timezoneComesFromTheCookieWhenTheHeaderGivesNone() throws Exception {
    start(b -> b.timezoneHeader("X-Timezone").timezoneCookie("tz"));
    HttpResponse<String> response =
        Http.get(
            server.uri("/app/tz"),
            "X-Timezone",
            "Not/AZone",
            "Cookie",
            "other=1; tz=America%2FNew_York");
    assertThat(eventContext(response)).containsEntry("timezone", "America/New_York");
  }

  @Test
  void aPercentEncodedCookieKeepsAPlusInTheZone() throws Exception {
    start(b -> b.timezoneCookie("tz"));
    HttpResponse<String> response = Http.get(server.uri("/app/tz"), "Cookie", "tz=Etc%2FGMT+5");
    assertThat(eventContext(response)).containsEntry("timezone", "Etc/GMT+5");
  }

  @Test
  void anUnknownTimezoneAndAWildcardLanguageAreLeftOut() throws Exception {
    start(b -> b.timezoneHeader("X-Timezone"));
    HttpResponse<String> response =
        Http.get(
            server.uri("/app/x"), "X-Timezone", "Mars/Olympus", "Accept-Language", "*, xx-;q=0.9");
    assertThat(eventContext(response)).doesNotContainKeys("timezone", "locale");
  }

  @Test
  void forwardingHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
    start(b -> b); // no trusted proxies: the default
    HttpResponse<String> response =
        Http.get(
            server.uri("/app/spoof"),
            "X-Forwarded-For",
            "203.0.113.9",
            "Forwarded",
            "for=198.51.100.4");
    assertThat(eventContext(response)).containsEntry("ipAddress", "127.0.0.1");
  }

  @Test
  void behindATrustedProxyTheRightMostUntrustedForwardedForIsTheClient() throws Exception {
    start(b -> b.trustedProxies("127.0.0.0/8", "10.0.0.0/8"));
    HttpResponse<String> response =
        Http.get(
            server.uri("/app/xff"),
            // a spoofed left part, the real client, then an inner trusted proxy
            "X-Forwarded-For",
            "1.2.3.4, 203.0.113.9, 10.1.2.3");
    assertThat(eventContext(response)).containsEntry("ipAddress", "203.0.113.9");
  }

  @Test
  void forwardedWinsOverXForwardedForAndCarriesIpv6WithAPort() throws Exception {
    start(b -> b.trustedProxies("127.0.0.1/32"));
    HttpResponse<String> response =
        Http.get(
            server.uri("/app/fwd"),
            "X-Forwarded-For",
            "203.0.113.9",
            "Forwarded",
            "for=192.0.2.1;proto=https, for=\"[2001:DB8:0:0::1]:4711\";by=_hidden");
    assertThat(eventContext(response)).containsEntry("ipAddress", "2001:db8::1");
  }

  @Test
  void aMalformedChainFromATrustedProxyFallsBackToThePeer() throws Exception {
    start(b -> b.trustedProxies("127.0.0.1"));
    HttpResponse<String> response =
        Http.get(server.uri("/app/bad"), "X-Forwarded-For", "203.0.113.9, not-an-ip");
    assertThat(eventContext(response)).containsEntry("ipAddress", "127.0.0.1");
  }

  @Test
  void anonymizedIpHasItsLastOctetZeroed() throws Exception {
    start(b -> b.trustedProxies("127.0.0.1").anonymizeIp(true));
    HttpResponse<String> response =
        Http.get(server.uri("/app/anon"), "X-Forwarded-For", "203.0.113.9");
    assertThat(eventContext(response)).containsEntry("ipAddress", "203.0.113.0");
  }

  @Test
  void anIpv6PeerIsSentInItsShortForm() throws Exception {
    start(b -> b);
    org.junit.jupiter.api.Assumptions.assumeTrue(server.hasIpv6(), "no IPv6 loopback here");
    HttpResponse<String> response = Http.get(server.uri6("/app/v6"));
    assertThat(eventContext(response)).containsEntry("ipAddress", "::1");
  }

  @Test
  void anIpv6PeerInATrustedIpv6RangeIsBelievedAndAnonymized() throws Exception {
    start(b -> b.trustedProxies("::1/128").anonymizeIp(true));
    org.junit.jupiter.api.Assumptions.assumeTrue(server.hasIpv6(), "no IPv6 loopback here");
    HttpResponse<String> response =
        Http.get(server.uri6("/app/v6"), "X-Forwarded-For", "2001:db8:85a3:1:2:3:4:5");
    assertThat(eventContext(response)).containsEntry("ipAddress", "2001:db8:85a3::");
  }

  @Test
  void hostileUserAgentsAnswer200AndArriveCleaned() throws Exception {
    start(b -> b);
    // A tab (legal in HTTP), C1 controls (bytes 0x85 and 0x9B, read as ISO-8859-1), then 100 KB.
    byte[] head =
        "GET /app/ua HTTP/1.1\r\nHost: x\r\nConnection: close\r\nUser-Agent: Evil\tAgent"
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] c1 = {(byte) 0x85, 'x', (byte) 0x9b};
    byte[] tail = ("y".repeat(100 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    String answer = raw(head, c1, tail);

    assertThat(answer).startsWith("HTTP/1.1 200");
    RecordedRequest event = collector.awaitRequests("/event", 1, WAIT).get(0);
    String userAgent = (String) ((Map<?, ?>) event.body().get("context")).get("userAgent");
    assertThat(userAgent)
        .startsWith("Evil Agent x yyy")
        .hasSize(RequestContext.MAX_USER_AGENT_LENGTH)
        .doesNotContain("\t", "\u0085", "\u009b");
  }

  @Test
  void aThrowingCustomizerNeverFailsTheRequest() throws Exception {
    start(
        b ->
            b.contextCustomizer((req, ctx) -> ctx.put("tenant", "acme"))
                .contextCustomizer(
                    (req, ctx) -> {
                      throw new IllegalStateException("a customizer's bug");
                    }));
    HttpResponse<String> response = Http.get(server.uri("/app/custom"));
    assertThat(eventContext(response)).containsEntry("tenant", "acme").containsKey("url");
  }

  @Test
  void aRequestWhoseHeadersCannotBeReadStillAnswersOutsideAnyScope() throws Exception {
    // A broken wrapper from another filter: reading the headers the SDK needs throws.
    Filter broken =
        (request, response, chain) ->
            chain.doFilter(
                new HttpServletRequestWrapper((HttpServletRequest) request) {
                  @Override
                  public String getHeader(String name) {
                    throw new IllegalStateException("a broken request wrapper");
                  }
                },
                response);
    start(b -> b, broken);
    HttpResponse<String> response = Http.get(server.uri("/app/broken"));
    assertThat(eventContext(response)).as("sent outside any scope").isEmpty();
  }

  @Test
  void aCustomizerAddsEntriesFromTheRequest() throws Exception {
    start(b -> b.contextCustomizer((req, ctx) -> ctx.put("traceId", req.getHeader("X-Trace"))));
    HttpResponse<String> response = Http.get(server.uri("/app/t"), "X-Trace", "abc123");
    assertThat(eventContext(response)).containsEntry("traceId", "abc123");
  }

  @Test
  void badTrustedProxiesFailAtBuildNamingTheEntry() {
    ATrack disabled = ATrack.disabled();
    assertThatThrownBy(() -> ATrackFilter.builder(disabled).trustedProxies("10.0.0.0/33").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"10.0.0.0/33\"");
    assertThatThrownBy(
            () ->
                ATrackFilter.builder(disabled)
                    .trustedProxies("10.0.0.0/8", "proxy.internal")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"proxy.internal\"")
        .hasMessageContaining("not looked up");
  }

  private String raw(String request) throws Exception {
    return raw(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private String raw(byte[]... parts) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.uri("/").getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      for (byte[] p : parts) {
        out.write(p);
      }
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
