package io.atrack.sdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StringEncodingTest {

  @Test
  void escapesOnlyWhatJsonRequiresExactlyAsJacksonDoes() {
    StringBuilder everyBmpChar = new StringBuilder();
    for (char c = 0; c < 0xFFFF; c++) {
      if (!Character.isSurrogate(c)) {
        everyBmpChar.append(c);
      }
    }
    everyBmpChar.append('\uFFFF');
    String s = everyBmpChar.toString();

    assertThat(Oracle.ours(s)).isEqualTo(Oracle.jackson(s));
    assertThat(Oracle.ours(Map.of(s, s))).isEqualTo(Oracle.jackson(Map.of(s, s)));
  }

  @Test
  void usesShortEscapesAndUpperCaseHex() {
    assertThat(Oracle.oursAsString("\"\\/\b\f\n\r\t\u0000\u001f\u007f"))
        .isEqualTo("\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001F\u007f\"");
  }

  @Test
  void writesLineAndParagraphSeparatorsUnescaped() {
    assertThat(Oracle.ours("\u2028\u2029"))
        .isEqualTo(
            new byte[] {
              '"', (byte) 0xE2, (byte) 0x80, (byte) 0xA8, (byte) 0xE2, (byte) 0x80, (byte) 0xA9, '"'
            });
  }

  @Test
  void writesSurrogatePairsAsFourByteUtf8() {
    assertThat(Oracle.ours("😀"))
        .isEqualTo(new byte[] {'"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, '"'});
    assertThat(Oracle.ours("a😀b\uDBFF\uDFFF")).isEqualTo(Oracle.jackson("a😀b\uDBFF\uDFFF"));
  }

  @Test
  void writesSupplementaryCharsAsUtf8WhereDefaultJacksonEscapesThem() throws Exception {
    String s = "a😀";
    assertThat(new String(Oracle.JACKSON_DEFAULT.writeValueAsBytes(s), StandardCharsets.UTF_8))
        .isEqualTo("\"a\\uD83D\\uDE00\"");
    assertThat(Oracle.tree(Oracle.ours(s)))
        .isEqualTo(Oracle.tree(Oracle.JACKSON_DEFAULT.writeValueAsBytes(s)));
  }

  @Test
  void writesUnpairedSurrogatesAsEscapesThatParseBackToTheSameChars() {
    String[] samples = {
      "\uD800", "\uDC00", "a\uD83Db", "\uDE00\uD83D", "x\uD83D", "\uD83D\uD83D\uDE00", "\uDFFF"
    };
    for (String s : samples) {
      byte[] json = Oracle.ours(s);
      assertThat(json).isEqualTo(Oracle.jackson(s));
      assertThat(Oracle.tree(json).textValue()).isEqualTo(s);
    }
    assertThat(Oracle.oursAsString("a\uD83Db")).isEqualTo("\"a\\uD83Db\"");
    assertThat(Oracle.oursAsString("\uDE00\uD83D")).isEqualTo("\"\\uDE00\\uD83D\"");
    assertThat(Oracle.oursAsString("\uD83D\uD83D\uDE00")).isEqualTo("\"\\uD83D😀\"");
  }

  @Test
  void keepsSurrogatePairsWholeAcrossSegmentBoundaries() {
    // The first char forces the segmented path; the pair lands on every offset around 1024.
    for (int filler = 1015; filler < 1035; filler++) {
      String s = "é" + "x".repeat(filler) + "😀" + "\u0001".repeat(3) + "😀".repeat(700);
      assertThat(Oracle.ours(s)).as("filler %d", filler).isEqualTo(Oracle.jackson(s));
    }
  }

  @Test
  void encodesLongMixedStringsLikeJackson() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append(i % 7 == 0 ? "é" : i % 11 == 0 ? "\n" : i % 13 == 0 ? "日本" : "a");
    }
    String s = sb.toString();
    assertThat(Oracle.ours(s)).isEqualTo(Oracle.jackson(s));
    assertThat(new String(Oracle.ours(s), StandardCharsets.UTF_8))
        .isEqualTo(Oracle.jacksonAsString(s));
  }
}
