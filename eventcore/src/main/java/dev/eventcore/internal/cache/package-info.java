/**
 * A bounded, segmented least-recently-used cache shared by the command and boundary packages.
 * <strong>Not API</strong>: anything here may change or disappear in any release.
 */
@NullMarked
package dev.eventcore.internal.cache;

import org.jspecify.annotations.NullMarked;
