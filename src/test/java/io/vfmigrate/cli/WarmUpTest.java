package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpTest {
  @TempDir Path dir;

  @Test
  void everyWarmUpCompletesOnTheInputsItParses() {
    // A change to the inventory's or the lab's schema that made these inputs invalid would turn
    // the warm-up into silent dead weight; this keeps them parsing.
    assertThat(WarmUp.run(Optional.empty())).isTrue();
  }

  @Test
  void commandsThatReachHostsAreWarmedHelpAndVersionAreNot() {
    assertThat(WarmUp.worthIt(new String[] {"migrate", "vm1", "--from", "a", "--to", "b"}))
        .isTrue();
    assertThat(WarmUp.worthIt(new String[] {"-v", "check"})).isTrue();
    assertThat(WarmUp.worthIt(new String[] {})).isFalse();
    assertThat(WarmUp.worthIt(new String[] {"--version"})).isFalse();
    assertThat(WarmUp.worthIt(new String[] {"help", "migrate"})).isFalse();
    assertThat(WarmUp.worthIt(new String[] {"completion", "bash"})).isFalse();
    assertThat(WarmUp.worthIt(new String[] {"migrate", "--help"})).isFalse();
  }

  @Test
  void theInventoryIsTheOneTheCommandWillRead() {
    Map<String, String> env = Map.of("VFMIGRATE_HOME", dir.toString());
    assertThat(WarmUp.inventory(new String[] {"check", "--inventory", "a.yaml"}, env))
        .contains(Path.of("a.yaml"));
    assertThat(WarmUp.inventory(new String[] {"check", "--inventory=b.yaml"}, env))
        .contains(Path.of("b.yaml"));
    assertThat(
            WarmUp.inventory(
                new String[] {"check"},
                Map.of("VFMIGRATE_HOME", dir.toString(), "VFMIGRATE_INVENTORY", "c.yaml")))
        .contains(Path.of("c.yaml"));
    assertThat(WarmUp.inventory(new String[] {"check"}, env)).isEmpty();
  }

  @Test
  void theLabIsWarmedOnlyForACommandThatOpensIt() throws Exception {
    Path real = dir.resolve("real.yaml");
    Files.writeString(
        real,
        "hosts:\n  src:\n    ssh: root@192.0.2.11\n    pf: 0000:e1:00.0\n"
            + "  dst:\n    ssh: root@192.0.2.12\n    pf: 0000:e1:00.0\n");
    Path emulated = dir.resolve("emulated.yaml");
    Files.writeString(
        emulated,
        "hosts:\n  src:\n    ssh: local\n    pf: 0000:e1:00.0\n    emulated_hardware: src\n");

    // The session's rule, which the warm-up follows.
    assertThat(Session.needsLab(Optional.empty(), java.util.List.of())).isTrue();
    assertThat(Session.needsLab(Optional.of(real), io.vfmigrate.host.InventoryFile.read(real)))
        .isFalse();
    assertThat(
            Session.needsLab(Optional.of(emulated), io.vfmigrate.host.InventoryFile.read(emulated)))
        .isTrue();

    // Real hosts: a lab state on disk is not read (CPU the command would lose); the command
    // finds nothing read ahead and needs nothing.
    Path home = dir.resolve("home");
    io.vfmigrate.lab.LabStore store = new io.vfmigrate.lab.LabStore(home);
    store.initBuiltIn();
    WarmUp.Reads reads = announced(real, home);
    assertThat(WarmUp.run(reads)).isTrue();
    assertThat(reads.labState()).isCompletedWithValue(Optional.empty());
    // Emulated hardware: it is read.
    WarmUp.Reads lab = announced(emulated, home);
    assertThat(WarmUp.run(lab)).isTrue();
    assertThat(lab.labState().join()).isPresent();
    ReadAhead.takeInventory(emulated);
    ReadAhead.takeLabState(store.statePath());
  }

  @Test
  void theInventoryAndTheLabStateAreReadAheadForTheCommandToTake() {
    Path inventory = dir.resolve("emulated.yaml");
    writeEmulatedInventory(inventory);
    Path home = dir.resolve("home");
    io.vfmigrate.lab.LabStore store = new io.vfmigrate.lab.LabStore(home);
    store.initBuiltIn();
    WarmUp.Reads reads = announced(inventory, home);

    assertThat(WarmUp.run(reads)).isTrue();

    assertThat(ReadAhead.takeInventory(inventory).orElseThrow())
        .extracting(io.vfmigrate.host.InventoryEntry::name)
        .containsExactly("src");
    assertThat(ReadAhead.takeLabState(store.statePath()).orElseThrow().hosts)
        .containsOnlyKeys(store.load().hosts.keySet().toArray(String[]::new));
    // Taken once: the next command in this JVM (tests) reads its files itself.
    assertThat(ReadAhead.takeInventory(inventory)).isEmpty();
    assertThat(ReadAhead.takeLabState(store.statePath())).isEmpty();
  }

  @Test
  void aFileThatCannotBeReadAheadIsLeftToTheCommandAndNobodyWaitsForIt() throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "hosts: [\n");
    Path home = dir.resolve("no-lab-yet");
    WarmUp.Reads reads = announced(broken, home);

    WarmUp.run(reads);

    assertThat(reads.entries().orElseThrow()).isCompletedWithValue(Optional.empty());
    assertThat(reads.labState()).isCompletedWithValue(Optional.empty());
    assertThat(ReadAhead.takeInventory(broken)).isEmpty();
  }

  @Test
  void aReadOfAnotherFileIsNotTaken() {
    Path inventory = dir.resolve("emulated.yaml");
    writeEmulatedInventory(inventory);
    WarmUp.run(
        new WarmUp.Reads(
            Optional.of(inventory),
            Optional.of(ReadAhead.inventory(inventory)),
            Optional.empty(),
            ReadAhead.labState(dir.resolve("state.yaml"))));

    assertThat(ReadAhead.takeInventory(dir.resolve("other.yaml"))).isEmpty();
    assertThat(ReadAhead.takeLabState(dir.resolve("other-state.yaml"))).isEmpty();
  }

  /**
   * The reads the warm-up announces for a command on {@code inventory} with its lab in {@code
   * home}.
   */
  private static WarmUp.Reads announced(Path inventory, Path home) {
    return new WarmUp.Reads(
        Optional.of(inventory),
        Optional.of(ReadAhead.inventory(inventory)),
        Optional.of(home),
        ReadAhead.labState(new io.vfmigrate.lab.LabStore(home).statePath()));
  }

  private static void writeEmulatedInventory(Path file) {
    try {
      Files.writeString(
          file,
          "hosts:\n  src:\n    ssh: local\n    pf: 0000:e1:00.0\n    emulated_hardware: src\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
