/** The runnable demo: the README's first command. */
@NullMarked
package dev.eventcore.examples.demo;

import org.jspecify.annotations.NullMarked;
