/**
 * A fake A-Track collector for tests: {@link io.atrack.testkit.FakeCollector} listens on a real
 * loopback socket, records every request and answers as the test scripts it.
 *
 * <p>JUnit 5 users register {@link io.atrack.testkit.FakeCollectorExtension}; everyone else calls
 * {@link io.atrack.testkit.FakeCollector#start()} and closes it. This module does not depend on the
 * SDK, so it can also test other A-Track clients.
 */
@NullMarked
package io.atrack.testkit;

import org.jspecify.annotations.NullMarked;
