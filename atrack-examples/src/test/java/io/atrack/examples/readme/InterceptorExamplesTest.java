package io.atrack.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.Interceptor;
import io.atrack.sdk.RequestContext;
import io.atrack.sdk.RequestKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's PII-scrubbing interceptor, run on a call of its own. */
class InterceptorExamplesTest {
  static Interceptor scrubPii() {
    // spotless:off
    Interceptor scrubPii = call -> {
      Interceptor.Call.Builder b = call.toBuilder().removeAttribute("email");   // never send e-mails
      call.context().ipAddress().ifPresent(ip -> b.context(                      // 134.122.17.144
          call.context().toBuilder().ipAddress(ip.replaceAll("\\.\\d+$", ".0")).build())); //  → .0
      return b.build();
    };
    // spotless:on
    return scrubPii;
  }

  /** The README's client; built but never used here: it would send to the real API. */
  static ATrack readmeClient(Interceptor scrubPii) {
    // spotless:off
    ATrack sdk = ATrack.builder()
        .publicKey("pub_xxxxx")
        .interceptor(scrubPii)
        .interceptor(call -> call.toBuilder().putContext("deployment", "blue").build())
        .interceptor(call -> call.kind() == RequestKind.EVENT
            && call.event().orElseThrow().startsWith("debug_") ? null : call)   // drop debug events
        .build();
    // spotless:on
    return sdk;
  }

  @Test
  void scrubsTheEmailAndTheLastOctet() {
    Interceptor.Call call =
        Interceptor.Call.builder(RequestKind.EVENT, "u1", "signup")
            .attributes(Map.of("email", "ada@example.com", "plan", "pro"))
            .context(RequestContext.builder().ipAddress("134.122.17.144").build())
            .build();

    Interceptor.Call scrubbed = scrubPii().intercept(call);

    assertThat(scrubbed).isNotNull();
    assertThat(scrubbed.attributes()).isEqualTo(Map.of("plan", "pro"));
    assertThat(scrubbed.context().ipAddress()).contains("134.122.17.0");
  }

  @Test
  void theReadmeClientBuilds() {
    ATrack sdk = readmeClient(scrubPii());
    sdk.close();
    assertThat(sdk.stats().enqueued()).isZero();
  }
}
