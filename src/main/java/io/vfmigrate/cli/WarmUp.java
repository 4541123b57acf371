package io.vfmigrate.cli;

import io.vfmigrate.host.InventoryFile;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.XmlTree;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads and initialises, on a daemon thread, what a command that reaches hosts needs first: the
 * inventory's YAML reader, the lab's (parsing the built-in lab, as opening a lab parses its state,
 * and writing its snapshot) and the XML parsers that read libvirt's answers. In a fresh JVM each
 * costs tens of milliseconds of class loading and interpreted code; done while the main thread
 * builds and parses the command line, they leave the command's own path (measured on the real lab:
 * inventory and lab state about 0.2 s, the first domain XML about 0.05 s). It reads nothing but the
 * jar and the inventory the command will read, and changes nothing; a command that meets a real
 * problem there reports it itself.
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
    Thread t = new Thread(() -> run(inventory), "vfmigrate-warm-up");
    t.setDaemon(true);
    t.start();
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
   * lab's reader only when the command will open the lab (no inventory, or one whose hosts are the
   * lab's or emulate their hardware with it): on real hosts it would be CPU taken from the command.
   */
  static boolean run(Optional<Path> inventory) {
    try {
      boolean read = InventoryFile.warmUp();
      boolean lab = !usesLab(inventory) || Lab.warmUp();
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
    }
  }

  /** Whether a command on {@code inventory} opens the lab; an unreadable one is told by it. */
  static boolean usesLab(Optional<Path> inventory) {
    if (inventory.isEmpty()) {
      return true;
    }
    try {
      return InventoryFile.read(inventory.get()).stream()
          .anyMatch(e -> e.emulatedHardware().isPresent() || Session.LAB.equals(e.connection()));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
