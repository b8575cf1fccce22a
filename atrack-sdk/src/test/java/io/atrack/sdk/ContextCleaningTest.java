package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.testkit.FakeCollectorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Request-derived context values are cleaned and cut, never thrown on; names still fail fast. */
class ContextCleaningTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void controlCharactersBecomeSpacesAndTheValueIsTrimmed() {
    RequestContext ctx =
        RequestContext.builder()
            .userAgent("Evil\tAgent\r\nX-Injected: 1\u0000\u007f\u0085\u009f end ")
            .url("\t/pricing?q=1\n")
            .put("tenant", "\u0001acme\u0002")
            .build();
    assertThat(ctx.userAgent()).hasValue("Evil Agent  X-Injected: 1     end");
    assertThat(ctx.url()).hasValue("/pricing?q=1");
    assertThat(ctx.custom()).containsEntry("tenant", "acme");
  }

  @Test
  void aValueLeftBlankIsLeftOut() {
    RequestContext ctx =
        RequestContext.builder().referer("\r\n\t ").locale("").put("tenant", "\u0000").build();
    assertThat(ctx.isEmpty()).isTrue();
  }

  @Test
  void longValuesAreCutToTheirFieldsLimit() {
    String huge = "a".repeat(200_000);
    RequestContext ctx =
        RequestContext.builder()
            .url(huge)
            .referer(huge)
            .userAgent(huge)
            .ipAddress(huge)
            .locale(huge)
            .timezone(huge)
            .put("big", huge)
            .build();
    assertThat(ctx.url().orElseThrow()).hasSize(RequestContext.MAX_URL_LENGTH);
    assertThat(ctx.referer().orElseThrow()).hasSize(RequestContext.MAX_URL_LENGTH);
    assertThat(ctx.userAgent().orElseThrow()).hasSize(RequestContext.MAX_USER_AGENT_LENGTH);
    assertThat(ctx.ipAddress().orElseThrow()).hasSize(RequestContext.MAX_SHORT_VALUE_LENGTH);
    assertThat(ctx.locale().orElseThrow()).hasSize(RequestContext.MAX_SHORT_VALUE_LENGTH);
    assertThat(ctx.timezone().orElseThrow()).hasSize(RequestContext.MAX_SHORT_VALUE_LENGTH);
    assertThat(ctx.custom().get("big")).hasSize(RequestContext.MAX_VALUE_LENGTH);
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00"; // one code point, two chars
    String ua = "x".repeat(RequestContext.MAX_USER_AGENT_LENGTH - 1) + emoji + "tail";
    String cut = RequestContext.builder().userAgent(ua).build().userAgent().orElseThrow();
    assertThat(cut).isEqualTo("x".repeat(RequestContext.MAX_USER_AGENT_LENGTH - 1));
  }

  @Test
  void customEntriesPastTheLimitAreIgnored() {
    RequestContext.Builder b = RequestContext.builder();
    for (int i = 0; i < RequestContext.MAX_CUSTOM_ENTRIES + 10; i++) {
      b.put("k" + i, "v");
    }
    b.put("k0", "replaced"); // an existing name can still change
    RequestContext ctx = b.build();
    assertThat(ctx.custom())
        .hasSize(RequestContext.MAX_CUSTOM_ENTRIES)
        .containsEntry("k0", "replaced");
  }

  @Test
  void entryNamesAreTheProgrammersAndStillFailFast() {
    assertThatThrownBy(() -> RequestContext.builder().put("bad\tname", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("context entry name must not contain control characters");
    assertThatThrownBy(() -> RequestContext.builder().put(" ", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestContext.builder().put("url", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("standard entry");
  }

  @Test
  void initRequestInformationIsCleanedToo() {
    InitRequest r = InitRequest.builder().userAgent("a\tb").url("/x\u0000").build();
    assertThat(r.context().userAgent()).hasValue("a b");
    assertThat(r.context().url()).hasValue("/x");
  }

  @Test
  void theWireCarriesCleanedValuesEscaped() {
    RequestContext ctx =
        RequestContext.builder()
            .userAgent("quote\" backslash\\ tab\t line\u2028sep")
            .url("/q?a=\"1\"")
            .build();
    try (ATrack sdk = TestClients.against(collector).build()) {
      try (RequestContext.Scope ignored = ctx.makeCurrent()) {
        sdk.track(TrackRequest.builder("hostile_headers").uuid("u1").build()).join();
      }
    }
    var event = collector.requests("/event").get(0);
    assertThat(event.body().get("context"))
        .isEqualTo(
            Map.of("url", "/q?a=\"1\"", "userAgent", "quote\" backslash\\ tab  line\u2028sep"));
    assertThat(event.rawBody()).contains("quote\\\" backslash\\\\ tab ");
  }
}
