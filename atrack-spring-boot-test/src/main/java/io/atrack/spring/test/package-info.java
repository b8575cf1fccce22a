/**
 * Test support for applications using the A-Track starter: {@link
 * io.atrack.spring.test.AutoConfigureATrackCollector} starts a fake collector for a Spring test
 * context and points the client at it.
 */
@NullMarked
package io.atrack.spring.test;

import org.jspecify.annotations.NullMarked;
