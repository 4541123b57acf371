package io.vfmigrate.lab;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vfmigrate.lab.state.LabSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The lab state in a compact form, to tell cheaply whether an operation changed it. The lab YAML
 * mapper itself ({@link LabYaml#mapper()}: its serializers, properties, naming, inclusion and
 * order) writes the state, but into a JSON generator instead of YAML's emitter, which costs several
 * times more: the same names and values, each written unambiguously. Two states whose snapshots are
 * equal therefore save as the same YAML, and a change to any saved field changes the snapshot.
 */
final class StateSnapshot {
  private static final JsonFactory JSON = new JsonFactory();

  private final byte[] bytes;

  private StateSnapshot(byte[] bytes) {
    this.bytes = bytes;
  }

  static StateSnapshot of(LabSpec spec) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      LabYaml.mapper().writeValue(json, spec);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise the lab", e);
    }
    return new StateSnapshot(out.toByteArray());
  }

  boolean sameAs(StateSnapshot other) {
    return other != null && Arrays.equals(bytes, other.bytes);
  }
}
