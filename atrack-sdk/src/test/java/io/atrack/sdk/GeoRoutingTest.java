package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Geo values map to their hosts, and nothing else gets through (SPEC section 2). */
class GeoRoutingTest {

  /** Records where requests would go, answering 200: the transport SPI, not the network. */
  static final class RecordingTransport implements Transport {
    final List<URI> uris = new CopyOnWriteArrayList<>();

    @Override
    public TransportResponse send(TransportRequest request) {
      uris.add(request.uri());
      return TransportResponse.of(200, null, "");
    }

    @Override
    public void close() {}
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"nyc", "sfo", "ams", "sgp", "lon", "fra", "tor", "blr", "syd", "atl", "ric"})
  void everyGeoRoutesToItsHost(String geo) {
    RecordingTransport transport = new RecordingTransport();
    try (ATrack sdk =
        ATrack.builder()
            .publicKey(TestClients.KEY)
            .geo(geo.toUpperCase(Locale.ROOT))
            .transport(transport)
            .shutdownHook(false)
            .build()) {
      sdk.track(TrackRequest.builder("e").uuid("u1").build()).join();
    }
    assertThat(transport.uris)
        .containsExactly(URI.create("https://" + geo + ".api.a-track.io/event"));
  }

  @Test
  void noGeoRoutesToTheDefaultHost() {
    RecordingTransport transport = new RecordingTransport();
    try (ATrack sdk =
        ATrack.builder()
            .publicKey(TestClients.KEY)
            .transport(transport)
            .shutdownHook(false)
            .build()) {
      sdk.init(InitRequest.forUser("u1")).join();
    }
    assertThat(transport.uris).containsExactly(URI.create("https://api.a-track.io/init"));
  }

  @Test
  void geoEnumAndStringAgree() {
    for (Geo geo : Geo.values()) {
      assertThat(Geo.of(geo.code())).isEqualTo(geo);
      assertThat(geo.baseUrl().getHost()).isEqualTo(geo.code() + ".api.a-track.io");
    }
    assertThat(Geo.of("Fra")).isEqualTo(Geo.FRA);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"FRA ", " fra", "xx", "fra.evil.com", "", "fra/", "fra:443", "u@fra", "frankfurt"})
  void anythingElseFailsAtBuildListingValidValues(String geo) {
    assertThatThrownBy(() -> ATrack.builder().publicKey(TestClients.KEY).geo(geo))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "valid values: nyc, sfo, ams, sgp, lon, fra, tor, blr, syd, atl, ric");
  }
}
