package io.vfmigrate.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.state.LabSpec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The snapshot that tells whether an operation changed the lab misses no change: every field of
 * every class of the state, at any depth, when changed, set, cleared, or its list or map grown,
 * changes the snapshot exactly when it changes the YAML the lab saves. The fields are found by
 * reflection, so a field added to a state class later is covered without touching this test.
 */
class StateSnapshotTest {
  private final LabSpec spec = LabStore.defaultSpec();
  private final Set<String> changed = new TreeSet<>();
  private final Set<String> fields = new TreeSet<>();
  private int mutations;

  @Test
  void everyChangeToAnyNestedFieldChangesTheSnapshotAsItChangesTheYaml() throws Exception {
    walk(spec, "lab", 0);

    collectFields(LabSpec.class);
    assertThat(changed).containsAll(fields);
    assertThat(mutations).isGreaterThan(fields.size());
    System.out.println(
        "StateSnapshotTest: "
            + mutations
            + " changes to "
            + fields.size()
            + " fields of the lab state, every one detected");
  }

  @Test
  void anUnchangedStateGivesTheSameSnapshotAndACopyToo() {
    assertThat(StateSnapshot.of(spec).sameAs(StateSnapshot.of(spec))).isTrue();
    assertThat(StateSnapshot.of(LabYaml.copy(spec)).sameAs(StateSnapshot.of(spec))).isTrue();
    assertThat(StateSnapshot.of(spec).sameAs(null)).isFalse();
  }

  /** Changes {@code apply} makes must show in the snapshot and the YAML; {@code undo} restores. */
  private void check(String what, Runnable apply, Runnable undo) {
    StateSnapshot before = StateSnapshot.of(spec);
    String yaml = LabStore.toYaml(spec);
    apply.run();
    assertThat(LabStore.toYaml(spec)).as("YAML after " + what).isNotEqualTo(yaml);
    assertThat(StateSnapshot.of(spec).sameAs(before)).as("snapshot after " + what).isFalse();
    undo.run();
    assertThat(StateSnapshot.of(spec).sameAs(before)).as("snapshot after undoing " + what).isTrue();
    assertThat(LabStore.toYaml(spec)).isEqualTo(yaml);
    mutations++;
  }

  private void walk(Object object, String path, int depth) throws Exception {
    assertThat(depth).as("state nesting at " + path).isLessThan(10);
    for (Field f : stateFields(object.getClass())) {
      String where = path + "." + f.getName();
      changed.add(key(f));
      Object value = f.get(object);
      Class<?> type = f.getType();
      if (isValue(type)) {
        Object other = other(type, value);
        check(where, () -> set(f, object, other), () -> set(f, object, value));
        if (value != null && !type.isPrimitive()) {
          check(where + " = null", () -> set(f, object, null), () -> set(f, object, value));
        }
      } else if (List.class.isAssignableFrom(type)) {
        walkList(f, object, where, depth);
      } else if (Map.class.isAssignableFrom(type)) {
        walkMap(f, object, where, depth);
      } else {
        Object nested = value;
        if (nested == null) {
          Object made = type.getDeclaredConstructor().newInstance();
          check(where + " set", () -> set(f, object, made), () -> set(f, object, null));
          set(f, object, made);
          nested = made;
        } else {
          Object kept = nested;
          check(where + " = null", () -> set(f, object, null), () -> set(f, object, kept));
        }
        walk(nested, where, depth + 1);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void walkList(Field f, Object owner, String where, int depth) throws Exception {
    List<Object> list = (List<Object>) f.get(owner);
    if (list == null) {
      List<Object> made = new ArrayList<>();
      check(where + " set", () -> set(f, owner, made), () -> set(f, owner, null));
      set(f, owner, made);
      list = made;
    }
    Type element = argument(f.getGenericType(), 0);
    List<Object> l = list;
    Object added = sample(element);
    check(where + " grown", () -> l.add(added), () -> l.remove(l.size() - 1));
    if (l.isEmpty()) {
      l.add(added);
    }
    for (int i = 0; i < l.size(); i++) {
      int index = i;
      Object item = l.get(i);
      if (isValue(raw(element))) {
        Object other = other(raw(element), item);
        check(where + "[" + i + "]", () -> l.set(index, other), () -> l.set(index, item));
      } else {
        walk(item, where + "[" + i + "]", depth + 1);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void walkMap(Field f, Object owner, String where, int depth) throws Exception {
    Map<Object, Object> map = (Map<Object, Object>) f.get(owner);
    if (map == null) {
      Map<Object, Object> made = new LinkedHashMap<>();
      check(where + " set", () -> set(f, owner, made), () -> set(f, owner, null));
      set(f, owner, made);
      map = made;
    }
    Type keyType = argument(f.getGenericType(), 0);
    Type valueType = argument(f.getGenericType(), 1);
    Map<Object, Object> m = map;
    Object newKey = keyType == Long.class ? (Object) 987654321L : "added-key";
    Object newValue = sample(valueType);
    check(where + " grown", () -> m.put(newKey, newValue), () -> m.remove(newKey));
    if (m.isEmpty()) {
      m.put(newKey, newValue);
    }
    for (Object k : new ArrayList<>(m.keySet())) {
      Object v = m.get(k);
      String at = where + "[" + k + "]";
      if (isValue(raw(valueType))) {
        Object other = other(raw(valueType), v);
        check(at, () -> m.put(k, other), () -> m.put(k, v));
      } else if (v instanceof List<?> list) {
        List<Object> items = (List<Object>) list;
        Object item = sample(argument(valueType, 0));
        check(at + " grown", () -> items.add(item), () -> items.remove(items.size() - 1));
      } else {
        walk(v, at, depth + 1);
      }
    }
  }

  private static Object sample(Type type) throws Exception {
    Class<?> raw = raw(type);
    if (isValue(raw)) {
      return other(raw, null);
    }
    if (List.class.isAssignableFrom(raw)) {
      return new ArrayList<>(List.of("x"));
    }
    return raw.getDeclaredConstructor().newInstance();
  }

  private static boolean isValue(Class<?> type) {
    return type.isPrimitive()
        || type == String.class
        || Number.class.isAssignableFrom(type)
        || type == Boolean.class;
  }

  /** A value of {@code type} other than {@code value}. */
  private static Object other(Class<?> type, Object value) {
    if (type == String.class) {
      return value == null ? "x" : value + "x";
    }
    if (type == boolean.class || type == Boolean.class) {
      return value == null || !(Boolean) value;
    }
    if (type == int.class || type == Integer.class) {
      return value == null ? 7 : (Integer) value + 1;
    }
    if (type == long.class || type == Long.class) {
      return value == null ? 7L : (Long) value + 1;
    }
    if (type == double.class || type == Double.class) {
      return value == null ? 0.5 : (Double) value + 0.25;
    }
    throw new AssertionError("a state field of a type this test does not know: " + type);
  }

  private static void set(Field f, Object owner, Object value) {
    try {
      f.set(owner, value);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Field> stateFields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Field f : type.getFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        fields.add(f);
      }
    }
    assertThat(type.getDeclaredFields())
        .as("every field of " + type.getSimpleName() + " is public, so Jackson saves it")
        .allSatisfy(
            f ->
                assertThat(
                        Modifier.isPublic(f.getModifiers()) || Modifier.isStatic(f.getModifiers()))
                    .isTrue());
    return fields;
  }

  /** Every field of every state class reachable from {@code type}. */
  private void collectFields(Class<?> type) {
    for (Field f : stateFields(type)) {
      if (fields.add(key(f))) {
        for (Class<?> inner : classesIn(f.getGenericType())) {
          if (!isValue(inner)
              && !List.class.isAssignableFrom(inner)
              && !Map.class.isAssignableFrom(inner)) {
            collectFields(inner);
          }
        }
      }
    }
  }

  private static List<Class<?>> classesIn(Type type) {
    List<Class<?>> classes = new ArrayList<>();
    classes.add(raw(type));
    if (type instanceof ParameterizedType p) {
      for (Type a : p.getActualTypeArguments()) {
        classes.addAll(classesIn(a));
      }
    }
    return classes;
  }

  private static String key(Field f) {
    return f.getDeclaringClass().getSimpleName() + "." + f.getName();
  }

  private static Type argument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }

  private static Class<?> raw(Type type) {
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
  }
}
