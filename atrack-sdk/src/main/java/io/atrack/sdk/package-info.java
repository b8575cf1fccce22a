/**
 * The A-Track Java SDK: {@link io.atrack.sdk.ATrack} sends user attributes and events to the
 * A-Track analytics API.
 *
 * <p>Start with {@link io.atrack.sdk.ATrack#builder()}. Everything under {@code
 * io.atrack.sdk.internal} is not API and may change without notice.
 */
@NullMarked
package io.atrack.sdk;

import org.jspecify.annotations.NullMarked;
