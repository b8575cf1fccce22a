package io.atrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionsTest {
  final FakeCollector collector = FakeCollector.start();

  @AfterEach
  void close() {
    collector.close();
  }

  @Test
  void countsOneConnectionForSequentialKeepAliveRequests() {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 5; i++) {
      Clients.send(client, Clients.post(collector, "/event", "{}"));
    }

    assertThat(collector.requestCount()).isEqualTo(5);
    assertThat(collector.connectionsOpened()).isEqualTo(1);
  }

  @Test
  void countsEveryNewConnectionAcrossRestarts() throws IOException {
    for (int i = 0; i < 3; i++) {
      try (RawConnection connection = new RawConnection(collector)) {
        connection.post("/event", "{}", "close").readResponse();
      }
    }
    collector.restart();
    try (RawConnection connection = new RawConnection(collector)) {
      connection.post("/event").readResponse();
      connection.post("/event").readResponse();
    }

    assertThat(collector.connectionsOpened()).isEqualTo(4);
  }
}
