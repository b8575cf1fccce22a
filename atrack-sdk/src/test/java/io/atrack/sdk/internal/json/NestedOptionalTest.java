package io.atrack.sdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Defect 3: nested {@code Optional}s were unwrapped by recursion without counting toward the depth
 * limit, so a deep enough one threw {@code StackOverflowError} out of the call. Every path counts.
 */
class NestedOptionalTest {

  private static Object optionals(Object leaf, int n) {
    Object v = leaf;
    for (int i = 0; i < n; i++) {
      v = Optional.of(v);
    }
    return v;
  }

  @Test
  void aMillionNestedOptionalsFailWithTheLimitNamingThePath() {
    Object deep = Map.of("wrapped", optionals("leaf", 1_000_000));
    assertThatThrownBy(() -> Oracle.ours(deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attributes.wrapped: nested deeper than 64 levels");
  }

  @Test
  void optionalsAndContainersCountTogether() {
    Object v = "leaf";
    for (int i = 0; i < 40; i++) {
      v = List.of(Optional.of(v));
    }
    Object deep = Map.of("k", v);
    assertThatThrownBy(() -> Oracle.ours(deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("attributes.k[0][0]")
        .hasMessageEndingWith(": nested deeper than 64 levels");
  }

  @Test
  void shallowOptionalsStillWriteAsTheirValue() {
    assertThat(Oracle.oursAsString(Map.of("a", optionals(1, 10), "b", Optional.empty())))
        .isIn("{\"a\":1,\"b\":null}", "{\"b\":null,\"a\":1}");
  }
}
