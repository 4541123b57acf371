package io.vfmigrate.lab;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a {@code null} where the lab schema has a section or a value that cannot be absent: a field
 * whose default is not {@code null} ({@code nics: null}, {@code memory: ~}), or an item of a list
 * or a map. Optional fields ({@code firmware_next: null}) default to {@code null} and may be {@code
 * null}. Generic over the schema's classes, so every field added later is covered.
 */
final class NullFields {
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
  private static final Map<Class<?>, Optional<Object>> DEFAULTS = new ConcurrentHashMap<>();

  private NullFields() {}

  /** The path of the first {@code null} that may not be one, e.g. {@code hosts.src.nics}. */
  static Optional<String> find(Object spec) {
    return visit(spec, "");
  }

  private static Optional<String> visit(Object node, String path) {
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Optional<String> found = item(list.get(i), path + "[" + i + "]");
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Optional<String> found = item(e.getValue(), join(path, String.valueOf(e.getKey())));
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    if (!isSchema(node.getClass())) {
      return Optional.empty();
    }
    Optional<Object> defaults = defaults(node.getClass());
    for (Field f : node.getClass().getFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      String at = join(path, SNAKE.translate(f.getName()));
      Object value = get(f, node);
      if (value == null) {
        if (defaults.map(d -> get(f, d) != null).orElse(false)) {
          return Optional.of(at);
        }
        continue;
      }
      Optional<String> found = visit(value, at);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> item(Object value, String at) {
    return value == null ? Optional.of(at) : visit(value, at);
  }

  private static boolean isSchema(Class<?> type) {
    return type.getPackageName().startsWith(NullFields.class.getPackageName());
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static Object get(Field f, Object node) {
    try {
      return f.get(node);
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  /** A freshly made instance: its fields hold the schema's defaults. */
  private static Optional<Object> defaults(Class<?> type) {
    return DEFAULTS.computeIfAbsent(
        type,
        t -> {
          try {
            return Optional.of(t.getDeclaredConstructor().newInstance());
          } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
          }
        });
  }
}
