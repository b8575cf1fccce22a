/** Internal: not API, may change without notice. */
@NullMarked
package io.atrack.sdk.internal.queue;

import org.jspecify.annotations.NullMarked;
