package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Defect 6: C1 control characters (U+0080 to U+009F; NEL is one, CSI another) passed the uuid,
 * event-name and key checks. A terminal or log viewer acts on them like on C0 ones.
 */
class C1ControlCharactersTest {

  @ParameterizedTest
  @ValueSource(chars = {'\u0080', '\u0085', '\u009b', '\u009f', '\u007f'})
  void failTheUuidEventNameKeyAndContextChecks(char c) {
    String bad = "user" + c + "42";
    String code = String.format("U+%04X", (int) c);
    assertThatThrownBy(() -> InitRequest.forUser(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uuid must not contain control characters; found " + code)
        .hasMessageNotContaining(String.valueOf(c));
    assertThatThrownBy(() -> TrackRequest.builder("e").uuid(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(code);
    assertThatThrownBy(() -> TrackRequest.builder(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event name must not contain control characters; found " + code);
    assertThatThrownBy(() -> ATrack.builder().publicKey("pub_" + c + "0123456789"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(code);
    assertThatThrownBy(() -> RequestContext.builder().put(bad, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("context entry name must not contain control characters");
  }

  @ParameterizedTest
  @ValueSource(chars = {'\u00a0', '\u00e9', '\u2028', '\u4e2d'})
  void printableNonAsciiCharactersStillPass(char c) {
    assertThatCode(() -> InitRequest.forUser("user" + c)).doesNotThrowAnyException();
    assertThatCode(() -> TrackRequest.builder("event" + c)).doesNotThrowAnyException();
  }
}
