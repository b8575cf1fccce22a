/** Internal: not API, may change without notice. */
@NullMarked
package io.atrack.sdk.internal.intake;

import org.jspecify.annotations.NullMarked;
