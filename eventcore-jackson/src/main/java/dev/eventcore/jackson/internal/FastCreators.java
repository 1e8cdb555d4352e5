package dev.eventcore.jackson.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import tools.jackson.core.JacksonException;
import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.introspect.AnnotatedWithParams;
import org.jspecify.annotations.Nullable;

/**
 * Reads payloads built through a constructor with arguments (every record, and classes with a
 * {@code @JsonCreator} constructor) without Jackson's per-call cost: Jackson 3 calls such a
 * constructor with {@code MethodHandle.invokeWithArguments}, which builds a spreading adapter on
 * every call, about a quarter of the time to read a small record. This module gives each such
 * type an instantiator that calls the constructor through one spreading handle made when the
 * type's deserializer is built. What is read, and how a constructor's exception is reported, do
 * not change. Not API.
 */
public final class FastCreators extends JacksonModule {
  private FastCreators() {}

  /** {@code mapper}, rebuilt with this module: the mapper a codec reads payloads with. */
  public static ObjectMapper reading(ObjectMapper mapper) {
    return mapper.rebuild().addModule(new FastCreators()).build();
  }

  @Override
  public String getModuleName() {
    return "eventcore-fast-creators";
  }

  @Override
  public Version version() {
    return Version.unknownVersion();
  }

  @Override
  public void setupModule(SetupContext context) {
    context.addValueInstantiators(new Instantiators());
  }

  /** Replaces Jackson's own instantiator where a constructor takes the properties. */
  static final class Instantiators implements ValueInstantiators {
    @Override
    public @Nullable ValueInstantiator findValueInstantiator(
        DeserializationConfig config, BeanDescription.Supplier description) {
      return null; // Jackson's own, then modified below
    }

    @Override
    public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
        BeanDescription.Supplier description, ValueInstantiator instantiator) {
      if (instantiator.getClass() != StdValueInstantiator.class) {
        return instantiator; // a custom one, or one already modified: left alone
      }
      StdValueInstantiator standard = (StdValueInstantiator) instantiator;
      MethodHandle spread = spreading(standard.getWithArgsCreator());
      return spread == null ? instantiator : new Spreading(standard, spread);
    }

    /** The constructor as a handle taking an {@code Object[]}; null if it cannot be had. */
    private static @Nullable MethodHandle spreading(@Nullable AnnotatedWithParams creator) {
      if (!(creator instanceof AnnotatedConstructor)) {
        return null;
      }
      Constructor<?> constructor = ((AnnotatedConstructor) creator).getAnnotated();
      int arity = constructor.getParameterCount();
      try {
        // Jackson has made a constructor it may call but not see accessible: that unreflects too
        return MethodHandles.lookup().unreflectConstructor(constructor)
            .asType(MethodType.genericMethodType(arity))
            .asSpreader(Object[].class, arity);
      } catch (IllegalAccessException | RuntimeException e) {
        return null; // Jackson's own way then
      }
    }
  }

  /** Jackson's instantiator, but calling the constructor through {@link #spread}. */
  private static final class Spreading extends StdValueInstantiator {
    private final MethodHandle spread;

    Spreading(StdValueInstantiator standard, MethodHandle spread) {
      super(standard);
      this.spread = spread;
    }

    @Override
    public Object createFromObjectWith(DeserializationContext context, Object[] arguments)
        throws JacksonException {
      try {
        return (Object) spread.invokeExact(arguments);
      } catch (Exception e) { // as Jackson reports a constructor's failure
        return context.handleInstantiationProblem(
            getValueClass(), arguments, rewrapCtorProblem(context, e));
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e); // no constructor throws one of these
      }
    }
  }
}
