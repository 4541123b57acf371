package io.vfmigrate.cli;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.HardwareOverlayHost;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.InventoryEntry;
import io.vfmigrate.host.InventoryFile;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.host.local.LocalHost;
import io.vfmigrate.host.ssh.SshHost;
import io.vfmigrate.host.ssh.SshOptions;
import io.vfmigrate.host.ssh.SshTarget;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabInventory;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.tools.virsh.VirshShellHost;
import io.vfmigrate.workflow.ObservedHost;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hosts one CLI run works on. Without an inventory they are the lab's (created from the
 * built-in description on first use). The lab keeps every change as a real host does: each command
 * on a lab host is saved before the next one runs ({@link Lab}), so another vfmigrate process on
 * the same lab sees it at once, and a run that is killed leaves what its commands did.
 */
final class Session implements AutoCloseable {
  /** The inventory connection that names a host of the lab. */
  static final String LAB = "lab";

  private final Fleet fleet;
  private final Lab lab;
  private final List<AutoCloseable> opened;

  private Session(Fleet fleet, Lab lab, List<AutoCloseable> opened) {
    this.opened = opened;
    this.fleet = fleet;
    this.lab = lab;
  }

  /** Creates the built-in lab in {@code store} when there is none yet; true when it did. */
  static boolean createdOnFirstUse(LabStore store) {
    if (!store.isNew()) {
      return false;
    }
    try (LabStore.Lock lock = store.lock()) {
      if (!store.isNew()) {
        return false;
      }
      store.initBuiltIn();
      return true;
    }
  }

  static String createdMessage(LabStore store) {
    return "Created the built-in lab under " + store.directory() + " (vfmigrate lab show).";
  }

  static Session open(CliContext context, Optional<Path> inventory, EventSink events) {
    return open(context, inventory, events, List.of());
  }

  /**
   * As {@link #open}, with the hosts called {@code connectFirst} (the ones the command names)
   * starting to connect ({@link Host#connectAhead}: an SSH host's login) before the lab's state is
   * read, so that the two overlap instead of adding up.
   */
  static Session open(
      CliContext context, Optional<Path> inventory, EventSink events, List<String> connectFirst) {
    List<InventoryEntry> entries =
        inventory
            .map(file -> ReadAhead.takeInventory(file).orElseGet(() -> InventoryFile.read(file)))
            .orElse(List.of());
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      Map<String, Host> reached = new HashMap<>();
      for (InventoryEntry entry : entries) {
        if (!LAB.equals(entry.connection())) {
          Host host = connect(entry, opened, events);
          reached.put(entry.name(), host);
          if (connectFirst.contains(entry.name())) {
            host.connectAhead();
          }
        }
      }
      if (!needsLab(inventory, entries)) {
        return new Session(inventoryFleet(entries, reached, null, events), null, opened);
      }
      LabStore store = labStore(context);
      if (createdOnFirstUse(store)) {
        events.emit(new Event.Info("", createdMessage(store)));
      }
      Lab lab =
          ReadAhead.takeLabState(store.statePath())
              .map(state -> Lab.open(store, state))
              .orElseGet(() -> Lab.open(store));
      Fleet fleet =
          inventory.isEmpty()
              ? LabInventory.fleet(lab, host -> new ObservedHost(host, events))
              : inventoryFleet(entries, reached, lab, events);
      return new Session(fleet, lab, opened);
    } catch (RuntimeException e) {
      // A lab that cannot be opened, or that lacks a host the inventory names: the connections
      // already under way are closed, as the session would have closed them.
      closeAll(opened);
      throw e;
    }
  }

  /**
   * Whether a session on {@code inventory} (with its {@code entries}) opens the lab: without an
   * inventory it is the lab's, and an inventory needs it for a host of the lab's or one whose
   * hardware the lab emulates.
   */
  static boolean needsLab(Optional<Path> inventory, List<InventoryEntry> entries) {
    return inventory.isEmpty()
        || entries.stream()
            .anyMatch(e -> e.emulatedHardware().isPresent() || LAB.equals(e.connection()));
  }

  /** The lab's store; a wait for another process's lock is told on stderr, with its holder. */
  static LabStore labStore(CliContext context) {
    return new LabStore(
        context.home(),
        message -> {
          context.err().println("vfmigrate: " + message);
          context.err().flush();
        });
  }

  private static Fleet inventoryFleet(
      List<InventoryEntry> entries, Map<String, Host> reached, Lab lab, EventSink events) {
    List<ManagedHost> hosts = new ArrayList<>();
    for (InventoryEntry entry : entries) {
      // 'ssh: lab': the lab host of that name, with this entry's URIs, bridge and PF (a replay
      // of real hosts captured with 'lab capture', planned with their own inventory)
      Host host =
          LAB.equals(entry.connection()) ? lab.host(entry.name()) : reached.get(entry.name());
      if (entry.emulatedHardware().isPresent()) {
        host = new HardwareOverlayHost(host, lab.host(entry.emulatedHardware().get()));
      }
      hosts.add(new ManagedHost(entry, new ObservedHost(host, events)));
    }
    return new Fleet(hosts);
  }

  /**
   * The host an entry names, its read-only virsh commands answered by one interactive virsh ({@link
   * VirshShellHost}), closed with the session.
   */
  private static Host connect(InventoryEntry entry, List<AutoCloseable> opened, EventSink events) {
    VirshShellHost host =
        new VirshShellHost(
            reach(entry, opened),
            new VirshShellHost.Observer() {
              @Override
              public void started(Command shell) {
                events.emit(
                    new Event.CommandRan(entry.name(), shell.argv(), -1, java.time.Duration.ZERO));
              }

              @Override
              public void checked(CommandResult check) {
                events.emit(
                    new Event.CommandRan(
                        entry.name(), check.command().argv(), check.exitCode(), check.duration()));
              }
            });
    opened.add(host);
    return host;
  }

  private static Host reach(InventoryEntry entry, List<AutoCloseable> opened) {
    if ("local".equals(entry.connection())) {
      return new LocalHost(entry.name(), entry.env());
    }
    SshOptions options = SshOptions.defaults().withAcceptNewHostKey(entry.acceptNewHostKey());
    if (entry.identityFile().isPresent()) {
      options = options.withIdentityFile(expandHome(entry.identityFile().get()));
    }
    if (entry.knownHosts().isPresent()) {
      options = options.withKnownHosts(expandHome(entry.knownHosts().get()));
    }
    SshHost host = SshHost.connect(entry.name(), SshTarget.parse(entry.connection()), options);
    opened.add(host);
    return host;
  }

  private static Path expandHome(String path) {
    return path.startsWith("~/")
        ? Path.of(System.getProperty("user.home"), path.substring(2))
        : Path.of(path);
  }

  Fleet fleet() {
    return fleet;
  }

  Optional<Lab> lab() {
    return Optional.ofNullable(lab);
  }

  /** Closes the SSH sessions; the lab has saved every change already. */
  @Override
  public void close() {
    closeAll(opened);
  }

  private static void closeAll(List<AutoCloseable> opened) {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing an SSH session that already dropped changes nothing for the result.
      }
    }
  }
}
