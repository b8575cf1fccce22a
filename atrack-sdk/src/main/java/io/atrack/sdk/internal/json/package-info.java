/**
 * A call's body: the request bodies of SPEC section 3 ({@code BodyEncoder}, the intake's encoder,
 * run on the caller's thread) the state-change bodies read back for storage ({@code StateBody},
 * {@code JsonReader}), and the SDK's own JSON writer under them, UTF-8 bytes with no dependency
 * outside the JDK. One package so that the writer's pieces stay package-private.
 *
 * <p>Internal: not API, may change without notice.
 */
@NullMarked
package io.atrack.sdk.internal.json;

import org.jspecify.annotations.NullMarked;
