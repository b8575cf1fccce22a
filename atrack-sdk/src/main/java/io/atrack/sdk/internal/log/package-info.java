/** Internal: not API, may change without notice. */
@NullMarked
package io.atrack.sdk.internal.log;

import org.jspecify.annotations.NullMarked;
