/**
 * A-Track Local: a collector for development that checks every request the way a strict server
 * would, keeps the history in an embedded database and shows it live on a page.
 *
 * <p>Run it with {@code java -jar atrack-local-<version>.jar [--port N] [--data DIR] [--strict]
 * [--host H]} ({@link io.atrack.local.Main}). Everything else in this package is the tool's inside
 * and package-private.
 */
@NullMarked
package io.atrack.local;

import org.jspecify.annotations.NullMarked;
