package io.atrack.sdk.delivery;

import static io.atrack.sdk.delivery.DeliveryClients.KEY;
import static io.atrack.sdk.delivery.DeliveryClients.MASKED_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackNetworkException;
import io.atrack.sdk.ATrackTransportException;
import io.atrack.sdk.DeliveryFailure;
import io.atrack.sdk.TrackRequest;
import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Defect 2, the delivery side: a custom transport that puts the request's headers (and so the key)
 * into its exception leaked the whole key into the future's message, its cause chain, and the
 * WARNING and DEBUG lines. Every message built from foreign text is redacted.
 */
class LeakyTransportTest {
  private final ConcurrentLinkedQueue<LogRecord> records = new ConcurrentLinkedQueue<>();
  private final Logger sdkLogger = Logger.getLogger("io.atrack.sdk");
  private Level previousLevel;
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureEverything() {
    previousLevel = sdkLogger.getLevel();
    sdkLogger.setLevel(Level.ALL);
    handler.setLevel(Level.ALL);
    sdkLogger.addHandler(handler);
  }

  @AfterEach
  void restore() {
    sdkLogger.removeHandler(handler);
    sdkLogger.setLevel(previousLevel);
  }

  /** Fails with the headers in its text: an IOException (timeout, then plain) or a bug. */
  private static final class LeakyTransport implements Transport {
    @Override
    public TransportResponse send(TransportRequest request) throws IOException {
      String event = new String(request.body(), java.nio.charset.StandardCharsets.UTF_8);
      String headers =
          "headers " + request.headers() + " key=" + request.headers().get("x-a-track-key");
      if (event.contains("\"timeout\"")) {
        throw new SocketTimeoutException("timed out; " + headers);
      } else if (event.contains("\"io\"")) {
        throw new IOException("refused; " + headers, new IllegalStateException("inner " + headers));
      }
      IllegalStateException bug = new IllegalStateException("bug; " + headers);
      bug.addSuppressed(new RuntimeException("suppressed " + headers));
      throw bug;
    }

    @Override
    public void close() {}
  }

  @Test
  void theKeyInATransportsExceptionReachesNoMessageCauseOrLogLine() {
    List<DeliveryFailure> told = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    try (ATrack sdk =
        ATrack.builder()
            .publicKey(KEY)
            .baseUrl("http://127.0.0.1:9")
            .shutdownHook(false)
            .transport(new LeakyTransport())
            .retryPolicy(DeliveryClients.fastRetry().maxAttempts(2).build())
            .failureListener(told::add)
            .build()) {
      for (String event : List.of("timeout", "io", "bug")) {
        failures.add(
            DeliveryClients.failureOf(sdk.track(TrackRequest.builder(event).uuid("u1").build())));
      }
    }
    assertThat(failures.get(0)).isInstanceOf(ATrackNetworkException.class);
    assertThat(((ATrackNetworkException) failures.get(0)).isTimeout()).isTrue();
    assertThat(failures.get(1)).isInstanceOf(ATrackNetworkException.class);
    assertThat(failures.get(2)).isInstanceOf(ATrackTransportException.class);

    List<String> texts = new ArrayList<>();
    for (Throwable t : failures) {
      texts.add(stackTrace(t));
    }
    told.forEach(f -> texts.add(f + "\n" + stackTrace(f.cause())));
    SimpleFormatter formatter = new SimpleFormatter();
    records.forEach(r -> texts.add(formatter.format(r)));

    assertThat(records).anyMatch(r -> Level.WARNING.equals(r.getLevel()));
    assertThat(records).anyMatch(r -> r.getLevel().intValue() <= Level.FINE.intValue());
    assertThat(texts).noneMatch(t -> t.contains(KEY));
    assertThat(texts).anyMatch(t -> t.contains(MASKED_KEY));
    // What the transport said, apart from the key, still gets through.
    assertThat(failures.get(1).getMessage()).contains("refused; headers");
    assertThat(stackTrace(failures.get(1))).contains("java.io.IOException");
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
