package io.vfmigrate.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vfmigrate.lab.state.LabSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where the lab lives between CLI runs: {@code $VFMIGRATE_HOME/lab/state.yaml} (the current state)
 * and {@code initial.yaml} (what {@code lab reset} returns to). Writes are atomic renames.
 */
public final class LabStore {
  private final Path dir;

  public LabStore(Path vfmigrateHome) {
    this.dir = vfmigrateHome.resolve("lab");
  }

  public Path directory() {
    return dir;
  }

  public Path statePath() {
    return dir.resolve("state.yaml");
  }

  public boolean exists() {
    return Files.exists(statePath());
  }

  /** The built-in default lab. */
  public static LabSpec defaultSpec() {
    try (InputStream in = LabStore.class.getResourceAsStream("/lab/default.yaml")) {
      if (in == null) {
        throw new IllegalStateException("the default lab is missing from the jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in lab");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in lab", e);
    }
  }

  /** Reads a lab description from a user's file. */
  public static LabSpec readDescription(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LabException(
          "Cannot read the lab description " + file + ": " + e.getMessage(),
          "give the path of a readable YAML file (see docs/lab-schema.md).",
          e);
    }
    return parse(text, file.toString());
  }

  /** Parses and validates a lab description given as YAML text. */
  public static LabSpec parse(String yaml, String origin) {
    LabSpec spec;
    try {
      spec = LabYaml.mapper().readValue(yaml, LabSpec.class);
    } catch (UnrecognizedPropertyException e) {
      throw new LabException(
          "Unknown field '" + e.getPropertyName() + "' in " + origin + " at " + location(e) + ".",
          "use the fields documented in docs/lab-schema.md (known here: "
              + e.getKnownPropertyIds()
              + ").",
          e);
    } catch (JsonProcessingException e) {
      throw new LabException(
          "Invalid lab description "
              + origin
              + ": "
              + e.getOriginalMessage()
              + " at "
              + location(e)
              + ".",
          "fix the YAML; docs/lab-schema.md documents every field.",
          e);
    }
    if (spec == null) {
      throw new LabException(origin + " is empty.", "describe at least one host under 'hosts:'.");
    }
    LabValidator.validate(spec, origin);
    return spec;
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? "unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /** Creates (or replaces) the lab with the given description. */
  public void init(LabSpec spec) {
    write(dir.resolve("initial.yaml"), spec);
    write(statePath(), spec);
  }

  public LabSpec load() {
    if (!exists()) {
      throw new LabException(
          "No lab exists yet under " + dir + ".",
          "create one with: vfmigrate lab init (or lab init --from FILE).");
    }
    try {
      return parse(Files.readString(statePath(), StandardCharsets.UTF_8), statePath().toString());
    } catch (IOException e) {
      throw new LabException(
          "Cannot read the lab state " + statePath() + ": " + e.getMessage(),
          "run vfmigrate lab init to recreate it.",
          e);
    }
  }

  public LabSpec loadInitial() {
    Path initial = dir.resolve("initial.yaml");
    if (!Files.exists(initial)) {
      throw new LabException(
          "No lab exists yet under " + dir + ".", "create one with: vfmigrate lab init.");
    }
    try {
      return parse(Files.readString(initial, StandardCharsets.UTF_8), initial.toString());
    } catch (IOException e) {
      throw new LabException(
          "Cannot read " + initial + ": " + e.getMessage(), "run vfmigrate lab init.", e);
    }
  }

  public void save(LabSpec spec) {
    write(statePath(), spec);
  }

  /** Serialises whole CLI runs on one lab, so two commands never interleave their changes. */
  public FileLock lock() {
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return channel.lock();
    } catch (IOException e) {
      throw new LabException(
          "Cannot lock the lab under " + dir + ": " + e.getMessage(),
          "check that VFMIGRATE_HOME is writable.",
          e);
    }
  }

  private void write(Path target, LabSpec spec) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "state", ".tmp");
      Files.writeString(tmp, toYaml(spec), StandardCharsets.UTF_8);
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new LabException(
          "Cannot write the lab state to " + target + ": " + e.getMessage(),
          "check that VFMIGRATE_HOME (" + dir.getParent() + ") is writable.",
          e);
    }
  }

  public static String toYaml(LabSpec spec) {
    try {
      return LabYaml.mapper().writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the lab", e);
    }
  }
}
