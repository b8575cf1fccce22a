package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportConfig;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The rule: the builder's transport settings reach whatever sends, or the build fails. */
class TransportSettingsTest {

  /** Answers 200 to everything and keeps what it was asked. */
  private static final class Recording implements Transport {
    final Queue<TransportRequest> requests = new ConcurrentLinkedQueue<>();

    @Override
    public TransportResponse send(TransportRequest request) {
      requests.add(request);
      return TransportResponse.of(200);
    }

    @Override
    public void close() {}
  }

  private static final ProxySelector NO_PROXY =
      new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
          return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {}
      };

  private static ATrackBuilder builder() {
    return ATrack.builder()
        .publicKey("pub_settings_0123456789")
        .baseUrl("https://collector.example.com/collect")
        .shutdownHook(false);
  }

  @Test
  void factoryReceivesEveryTransportSetting() throws NoSuchAlgorithmException {
    SSLContext tls = SSLContext.getInstance("TLS");
    AtomicReference<TransportConfig> seen = new AtomicReference<>();
    Recording recording = new Recording();
    try (ATrack sdk =
        builder()
            .connectTimeout(Duration.ofMillis(1500))
            .requestTimeout(Duration.ofSeconds(7))
            .connectionIdleTimeout(Duration.ofSeconds(4))
            .proxySelector(NO_PROXY)
            .sslContext(tls)
            .maxInFlight(3)
            .transport(
                config -> {
                  seen.set(config);
                  return recording;
                })
            .build()) {
      sdk.track(TrackRequest.builder("e").uuid("u1").build()).join();
    }
    TransportConfig config = seen.get();
    assertThat(config.baseUrl()).isEqualTo(URI.create("https://collector.example.com/collect"));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.connectionIdleTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.proxySelector()).containsSame(NO_PROXY);
    assertThat(config.sslContext()).containsSame(tls);
    assertThat(config.maxInFlight()).isEqualTo(3);
    assertThat(recording.requests)
        .singleElement()
        .satisfies(r -> assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void factoryGetsTheDefaultsWhenNothingIsSet() {
    AtomicReference<TransportConfig> seen = new AtomicReference<>();
    try (ATrack ignored =
        builder()
            .transport(
                config -> {
                  seen.set(config);
                  return new Recording();
                })
            .build()) {
      assertThat(seen.get().connectTimeout()).isEqualTo(TransportConfig.DEFAULT_CONNECT_TIMEOUT);
      assertThat(seen.get().requestTimeout()).isEqualTo(TransportConfig.DEFAULT_REQUEST_TIMEOUT);
      assertThat(seen.get().connectionIdleTimeout())
          .isEqualTo(TransportConfig.DEFAULT_CONNECTION_IDLE_TIMEOUT);
      assertThat(seen.get().sslContext()).isEmpty();
      assertThat(seen.get().maxInFlight()).isEqualTo(ATrackBuilder.DEFAULT_MAX_IN_FLIGHT);
    }
  }

  @Test
  void readyMadeTransportGetsTheRequestTimeoutWithEveryRequest() {
    Recording recording = new Recording();
    try (ATrack sdk =
        builder().requestTimeout(Duration.ofSeconds(3)).transport(recording).build()) {
      sdk.track(TrackRequest.builder("e").uuid("u1").build()).join();
    }
    assertThat(recording.requests)
        .singleElement()
        .satisfies(r -> assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void readyMadeTransportRefusesSettingsItCannotReceive() throws NoSuchAlgorithmException {
    SSLContext tls = SSLContext.getInstance("TLS");
    ATrackBuilder builder =
        builder().connectTimeout(Duration.ofSeconds(1)).sslContext(tls).transport(new Recording());

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout")
        .hasMessageContaining("sslContext")
        .hasMessageContaining("transport(TransportFactory)");
  }

  @Test
  void factoryReturningNullFailsTheBuild() {
    assertThatThrownBy(() -> builder().transport(config -> null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("transport factory returned null");
  }
}
