package io.atrack.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The first language choice by q-value, as a BCP 47 tag. */
class AcceptLanguageTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "de-DE | de-DE",
        "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5 | fr-CH",
        "en;q=0.8, de-de | de-DE",
        "en;q=0.5, fr;q=0.5 | en",
        "*, es;q=0.1 | es",
        "zh-hant-tw | zh-Hant-TW",
        "en_US | en-US",
        "en;q=0 | NONE",
        "en;q=2, de;q=0.3 | de",
        "en;q=abc, de;q=0.3 | de",
        "xx-, 123 | NONE",
        "'' | NONE",
        "<script> | NONE"
      })
  void picksTheHighestQ(String header, String expected) {
    String value = header.equals("''") ? "" : header;
    assertThat(AcceptLanguage.preferred(Collections.enumeration(List.of(value))))
        .isEqualTo(expected);
  }
}
