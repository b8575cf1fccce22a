/**
 * The SDK's own JSON writer: request bodies as UTF-8 bytes, with no dependency outside the JDK.
 *
 * <p>Internal: not API, may change without notice.
 */
@NullMarked
package io.atrack.sdk.internal.json;

import org.jspecify.annotations.NullMarked;
