package dev.eventcore.shredding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component as personal data of a data subject: a {@linkplain
 * CryptoShredding#codec shredding codec} stores its value encrypted with the key of the subject
 * whose id is in the component named by {@link #subject()}, and after {@link
 * CryptoShredding#forget forget(subject)} reads it as redacted.
 *
 * <pre>{@code
 * record CustomerRegistered(
 *     String customerId,                                   // the data subject, stored in clear
 *     @PersonalData(subject = "customerId") String email,  // encrypted with customerId's key
 *     @PersonalData(subject = "customerId") int birthYear,
 *     String plan) {}                                      // not personal: stored in clear
 * }</pre>
 *
 * <p>The mark sits on the data and names its subject (rather than a marker on the subject's
 * component) so that one event can hold the data of several subjects, a sender's and a
 * recipient's, each under its own key. The subject's component may be of any type; its {@code
 * toString()} is the subject id, which must not be blank. Only the payload's own components are
 * seen (not those of nested objects: mark the nested object's component as a whole).
 *
 * @since 0.2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PersonalData {
  /** The name of the component of the same record that holds the data subject's id. */
  String subject();
}
