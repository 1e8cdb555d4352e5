/**
 * Rules across things with lives of their own, kept by dynamic consistency boundaries instead of
 * sagas: course subscriptions with capacity on both sides ({@link
 * dev.eventcore.examples.boundary.Courses}), unique usernames ({@link
 * dev.eventcore.examples.boundary.Usernames}) and gap-free invoice numbers ({@link
 * dev.eventcore.examples.boundary.Invoices}). Each command reads the events its rule depends on
 * by type and tag, decides, and appends on the condition that none of them was written since.
 */
@NullMarked
package dev.eventcore.examples.boundary;

import org.jspecify.annotations.NullMarked;
