package io.vfmigrate.cli;

import io.vfmigrate.host.InventoryFile;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.XmlTree;
import java.util.Set;

/**
 * Loads and initialises, on a daemon thread, what a command that reaches hosts needs first: the
 * inventory's YAML reader, the lab's (parsing the built-in lab, as opening a lab parses its state)
 * and the XML parsers that read libvirt's answers. In a fresh JVM each costs tens of milliseconds
 * of class loading and interpreted code; done while the main thread builds and parses the command
 * line, they leave the command's own path (measured on the real lab: inventory and lab state about
 * 0.2 s, the first domain XML about 0.05 s). Nothing here reads a file outside the jar or changes
 * anything; a command that meets a real problem there reports it itself.
 */
final class WarmUp {
  /** First arguments that never open a session: nothing to warm. */
  private static final Set<String> IDLE =
      Set.of("help", "--help", "-h", "version", "--version", "-V", "completion");

  private WarmUp() {}

  /** Starts the warm-up unless {@code args} only asks for help, the version or completion. */
  static void startFor(String[] args) {
    if (!worthIt(args)) {
      return;
    }
    Thread t = new Thread(WarmUp::run, "vfmigrate-warm-up");
    t.setDaemon(true);
    t.start();
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

  /** Runs every warm-up in the order a command needs them; true when each of them completed. */
  static boolean run() {
    try {
      boolean inventory = InventoryFile.warmUp();
      boolean lab = !LabStore.defaultSpec().hosts.isEmpty();
      boolean tree =
          XmlTree.root("<capabilities><host/></capabilities>", IllegalStateException::new)
              .getTagName()
              .equals("capabilities");
      boolean domain =
          DomainXml.parse("<domain type='kvm'><name>warm-up</name></domain>")
              .name()
              .equals("warm-up");
      return inventory && lab && tree && domain;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
