/** Internal: not API, may change without notice. */
@NullMarked
package io.atrack.sdk.internal.delivery;

import org.jspecify.annotations.NullMarked;
