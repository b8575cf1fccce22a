package io.atrack.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a missing or invalid {@code atrack.*} property the way Boot reports its own ("APPLICATION
 * FAILED TO START", a description naming the property, an action). Registered in {@code
 * META-INF/spring.factories}.
 */
final class ATrackFailureAnalyzer extends AbstractFailureAnalyzer<InvalidATrackPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidATrackPropertyException cause) {
    String value = cause.value();
    String description =
        "The A-Track client could not be configured.\n\n    Property: "
            + cause.property()
            + "\n    Value:    "
            + (value == null ? "(not set)" : "\"" + value + "\"")
            + "\n    Reason:   "
            + cause.reason();
    return new FailureAnalysis(description, cause.action(), cause);
  }
}
