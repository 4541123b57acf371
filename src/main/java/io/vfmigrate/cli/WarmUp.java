package io.vfmigrate.cli;

import io.vfmigrate.host.InventoryEntry;
import io.vfmigrate.host.InventoryFile;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.XmlTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Reads ahead and initialises, on a daemon thread, what a command that reaches hosts needs first:
 * the inventory it will read and the lab's state when it will open the lab ({@link ReadAhead}: the
 * command takes them instead of reading them again), then the XML parsers that read libvirt's
 * answers. In a fresh JVM each costs tens of milliseconds of class loading and interpreted code;
 * done while the main thread builds and parses the command line, they leave the command's own path
 * (measured on the real lab: inventory and lab state about 0.1 s, the first domain XML about 0.05
 * s). It reads nothing but the jar and the files the command will read, and changes nothing; a
 * command that meets a real problem there reports it itself.
 */
final class WarmUp {
  /** First arguments that never open a session: nothing to warm. */
  private static final Set<String> IDLE =
      Set.of("help", "--help", "-h", "version", "--version", "-V", "completion");

  private WarmUp() {}

  /** Starts the warm-up unless {@code args} only asks for help, the version or completion. */
  static void startFor(String[] args, Map<String, String> env) {
    if (!worthIt(args)) {
      return;
    }
    Optional<Path> inventory = inventory(args, env);
    Path home = new CliContext(null, null, env).home();
    // Announced here, before the main thread can ask for them.
    Reads reads =
        new Reads(
            inventory,
            inventory.map(ReadAhead::inventory),
            Optional.of(home),
            ReadAhead.labState(new LabStore(home).statePath()));
    Thread t = new Thread(() -> run(reads), "vfmigrate-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /**
   * What the warm-up reads: the inventory (when the command names one) and the lab under {@code
   * home}, each completed with what it read or empty. Without a home it warms the lab's reader on
   * the built-in lab.
   */
  record Reads(
      Optional<Path> inventory,
      Optional<CompletableFuture<Optional<List<InventoryEntry>>>> entries,
      Optional<Path> home,
      CompletableFuture<Optional<LabSpec>> labState) {
    /** Reads that nobody takes: the warm-up alone. */
    static Reads warmOnly(Optional<Path> inventory) {
      return new Reads(
          inventory,
          inventory.map(file -> new CompletableFuture<>()),
          Optional.empty(),
          new CompletableFuture<>());
    }
  }

  /** The inventory the command will read, as {@link HostOptions#inventory} finds it. */
  static Optional<Path> inventory(String[] args, Map<String, String> env) {
    Path given = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--inventory") && i + 1 < args.length) {
        given = Path.of(args[i + 1]);
      } else if (args[i].startsWith("--inventory=")) {
        given = Path.of(args[i].substring("--inventory=".length()));
      }
    }
    try {
      return HostOptions.inventory(given, new CliContext(null, null, env));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static boolean worthIt(String[] args) {
    if (args.length == 0 || IDLE.contains(args[0])) {
      return false;
    }
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs every warm-up in the order a command needs them; true when each of them completed. The
   * lab's state only when the command will open the lab (no inventory, or one whose hosts are the
   * lab's or emulate their hardware with it): on real hosts it would be CPU taken from the command.
   * Every read is completed, with empty when it could not be made, so that nobody waits for it.
   */
  static boolean run(Reads reads) {
    try {
      Optional<List<InventoryEntry>> entries = reads.inventory().flatMap(WarmUp::quietly);
      reads.entries().ifPresent(f -> f.complete(entries));
      boolean read = reads.inventory().isEmpty() ? InventoryFile.warmUp() : entries.isPresent();
      // An unreadable inventory: the command stops at it, before any lab.
      boolean usesLab =
          entries
              .map(e -> Session.needsLab(reads.inventory(), e))
              .orElse(reads.inventory().isEmpty());
      boolean lab = !usesLab || labState(reads);
      boolean tree =
          XmlTree.root("<capabilities><host/></capabilities>", IllegalStateException::new)
              .getTagName()
              .equals("capabilities");
      boolean domain =
          DomainXml.parse("<domain type='kvm'><name>warm-up</name></domain>")
              .name()
              .equals("warm-up");
      return read && lab && tree && domain;
    } catch (RuntimeException | LinkageError e) {
      return false;
    } finally {
      reads.entries().ifPresent(f -> f.complete(Optional.empty()));
      reads.labState().complete(Optional.empty());
    }
  }

  /** Warm-up on {@code inventory}, reading ahead for nobody (tests). */
  static boolean run(Optional<Path> inventory) {
    return run(Reads.warmOnly(inventory));
  }

  /**
   * The lab's state read ahead, or the built-in lab parsed when there is no state yet (the command
   * then makes the lab) or no home to read it from; true when it parsed.
   */
  private static boolean labState(Reads reads) {
    Optional<LabStore> store = reads.home().map(LabStore::new).filter(LabStore::exists);
    if (store.isEmpty()) {
      return Lab.warmUp();
    }
    LabSpec state = store.get().load();
    boolean snapshot = Lab.warmUp(state);
    reads.labState().complete(Optional.of(state));
    return snapshot;
  }

  private static Optional<List<InventoryEntry>> quietly(Path inventory) {
    try {
      return Optional.of(InventoryFile.read(inventory));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
