package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.testkit.FakeCollectorExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A disabled client validates, completes at once, sends nothing and starts nothing. */
// Ignoring the SDK's futures is normal use; what matters is checked at the collector.
@SuppressWarnings("FutureReturnValueIgnored")
class DisabledClientTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void callsCompleteAtOnceAndKeepTheUserButNothingIsSent() {
    ATrack sdk =
        ATrack.builder()
            .enabled(false)
            .baseUrl(collector.baseUrl()) // would send here if enabled
            .build(); // no public key: not needed
    assertThat(sdk.enabled()).isFalse();

    InitResult init = sdk.init(InitRequest.forUser("u1")).getNow(null);
    assertThat(init).isNotNull();
    assertThat(init.uuid()).isEqualTo("u1");
    assertThat(sdk.setAttributes(Map.of("plan", "pro"))).isCompleted();
    assertThat(sdk.track("signup", Map.of("n", 1))).isCompletedWithValue(null);
    assertThat(sdk.currentUser().orElseThrow().attributes()).containsEntry("plan", "pro");
    FlushResult flushed = sdk.flush().getNow(null);
    assertThat(flushed).isNotNull();
    assertThat(flushed.delivered()).isZero();

    assertThat(sdk.threads()).isEmpty();
    assertThat(sdk.stats().enqueued()).isZero();
    sdk.close();
    sdk.close();
    assertThat(sdk.track("after_close")).isCompleted();
    assertThat(collector.requestCount()).isZero();
    assertThat(sdk.toString()).contains("disabled");
  }

  @Test
  void badInputStillFailsAtTheCall() {
    ATrack sdk = ATrack.disabled();
    assertThatThrownBy(() -> sdk.track(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sdk.track("no_user")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sdk.track("nan", Map.of("x", Double.NaN)))
        .isInstanceOf(IllegalStateException.class); // no user checked first
    sdk.init(InitRequest.forUser("u1"));
    assertThatThrownBy(() -> sdk.track("nan", Map.of("x", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void otherSettingsAreStillChecked() {
    assertThatThrownBy(
            () ->
                ATrack.builder().enabled(false).maxBodyBytes(64 * 1024).maxQueueBytes(2048).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxQueueBytes");
    assertThatThrownBy(() -> ATrack.builder().enabled(false).closeTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
