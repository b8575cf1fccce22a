/** Internal: not API, may change without notice. */
@NullMarked
package io.atrack.sdk.internal.retry;

import org.jspecify.annotations.NullMarked;
