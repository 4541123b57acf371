package io.vfmigrate.lab;

import io.vfmigrate.lab.machine.Firmware;
import io.vfmigrate.lab.machine.migration.RunningMigrations;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.MigrationSpec;
import io.vfmigrate.lab.state.OwnerSpec;
import io.vfmigrate.model.NotReadyException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A lab: its state, its virtual clock, and one {@link LabHost} per host.
 *
 * <p>A lab opened on a {@link LabStore} keeps its changes as a real host does: every emulated host
 * operation (one command, one file access, one sleep) runs under the store's lock, first reloads
 * the state if another vfmigrate process changed it, then saves its own changes before the lock is
 * released. Two vfmigrate processes on one lab therefore interleave command by command, and one
 * that is killed leaves the lab as its last command left it. A lab built from a spec directly lives
 * in memory only ({@code lab bench}, tests).
 *
 * <p>At the start of every operation, migrations whose vfmigrate process is gone are settled as
 * libvirt settles a migration whose client disconnected ({@link RunningMigrations}).
 */
public final class Lab {
  private static final Duration BOOT_TIME = Duration.ofSeconds(90);

  /** What a {@code kill_client} fault does to vfmigrate processes. */
  public interface ClientKiller {
    /** Ends this process at once, as {@code kill -9} would; its changes are saved already. */
    void killSelf();

    /** Ends another vfmigrate process as {@code kill -9} would and returns once it is gone. */
    void kill(OwnerSpec other);

    /** The real thing: {@code Runtime.halt(137)}, SIGKILL for another process. */
    ClientKiller PROCESSES =
        new ClientKiller() {
          @Override
          public void killSelf() {
            Runtime.getRuntime().halt(137);
          }

          @Override
          public void kill(OwnerSpec other) {
            ClientProcesses.killForcibly(other);
          }
        };
  }

  private final LabStore store;
  private final ClientKiller killer;
  private final OwnerSpec self = ClientProcesses.self();
  private final VirtualClock clock;
  private final Map<String, LabHost> hosts = new LinkedHashMap<>();
  private final ReentrantLock operation = new ReentrantLock();
  private LabSpec spec;
  private StateSnapshot saved;
  private LabStore.Lock held;
  private boolean killSelfPending;

  /** A lab in memory only. */
  public Lab(LabSpec spec) {
    this(spec, null, ClientKiller.PROCESSES);
  }

  /** A lab in memory only whose {@code kill_client} faults go to {@code killer}. */
  public Lab(LabSpec spec, ClientKiller killer) {
    this(spec, null, killer);
  }

  private Lab(LabSpec spec, LabStore store, ClientKiller killer) {
    this.spec = spec;
    this.store = store;
    this.killer = killer;
    this.clock = new VirtualClock(this);
    this.saved = store == null ? null : StateSnapshot.of(spec);
  }

  /**
   * Builds the lab's YAML reader and its state's JSON writer on the built-in lab, so that opening a
   * lab later pays for its own file only (in a fresh JVM the two cost about 40 ms); true when the
   * built-in lab parsed.
   */
  public static boolean warmUp() {
    LabSpec spec = LabStore.defaultSpec();
    StateSnapshot.of(spec);
    return !spec.hosts.isEmpty();
  }

  /**
   * Takes the snapshot a lab keeps of {@code state} to tell what an operation changed, and drops
   * it, so that its classes are loaded before the lab opens; true when it was taken.
   */
  public static boolean warmUp(LabSpec state) {
    return StateSnapshot.of(state) != null;
  }

  /** The lab persisted in {@code store}, written through after every operation. */
  public static Lab open(LabStore store) {
    return open(store, ClientKiller.PROCESSES);
  }

  public static Lab open(LabStore store, ClientKiller killer) {
    return new Lab(store.load(), store, killer);
  }

  /**
   * The lab persisted in {@code store}, from its state {@code loaded} as read from it a moment ago
   * (by another thread): its first operation reloads the state if another process has changed it
   * since, as every operation does.
   */
  public static Lab open(LabStore store, LabSpec loaded) {
    return new Lab(loaded, store, ClientKiller.PROCESSES);
  }

  /**
   * The state as this lab last read or changed it. Inside {@link #exclusive} it is current; outside
   * it another process may have changed the lab since ({@link #read} reloads).
   */
  public LabSpec spec() {
    return spec;
  }

  /** The state as it is now: reloaded first when another process changed it. */
  public LabSpec read() {
    return exclusive(() -> spec);
  }

  public VirtualClock clock() {
    return clock;
  }

  /** This vfmigrate process, as the lab records the owner of a migration. */
  public OwnerSpec self() {
    return self;
  }

  /**
   * Runs one emulated host operation: under the lab's lock, on the current state, and saved when it
   * changed anything. Nested calls (a command that sleeps) belong to the outermost one.
   */
  public <T> T exclusive(Supplier<T> action) {
    operation.lock();
    boolean outermost = operation.getHoldCount() == 1;
    try {
      if (!outermost) {
        return action.get();
      }
      begin();
      try {
        return action.get();
      } finally {
        try {
          end();
        } finally {
          dieIfKilled();
        }
      }
    } finally {
      operation.unlock();
    }
  }

  /**
   * Ends this process when a {@code kill_client} fault hit it in the operation that is ending:
   * after its changes (the fault's consumption among them) are saved, and before the lock is
   * released, so no other thread's operation can start in between or take the kill for its own.
   */
  private void dieIfKilled() {
    if (killSelfPending) {
      killSelfPending = false;
      killer.killSelf();
    }
  }

  public void exclusive(Runnable action) {
    exclusive(
        () -> {
          action.run();
          return null;
        });
  }

  private void begin() {
    if (store != null) {
      held = store.lock();
      try {
        reloadIfChanged();
      } catch (RuntimeException e) {
        release();
        throw e;
      }
    }
    RunningMigrations.settleOrphans(spec, this::alive);
  }

  private void end() {
    try {
      if (store != null) {
        saveIfChanged();
      }
    } finally {
      release();
    }
  }

  private void release() {
    if (held != null) {
      held.close();
      held = null;
    }
  }

  private void reloadIfChanged() {
    long onDisk = store.revisionOnDisk();
    if (onDisk < 0 || onDisk != spec.revision) {
      spec = store.load();
      saved = StateSnapshot.of(spec);
    }
  }

  /**
   * Saves the state when the operation changed it. Whether it did is told by its {@link
   * StateSnapshot}, not by its YAML, which costs three to five times more and is made only to save.
   */
  private void saveIfChanged() {
    if (StateSnapshot.of(spec).sameAs(saved)) {
      return;
    }
    spec.revision++;
    store.save(LabStore.toYaml(spec));
    saved = StateSnapshot.of(spec);
  }

  private boolean alive(OwnerSpec owner) {
    return ClientProcesses.same(owner, self) || ClientProcesses.alive(owner);
  }

  /**
   * A {@code kill_client} fault hit this process: it dies once the operation's changes are saved.
   */
  void killThisClient() {
    killSelfPending = true;
  }

  /** True while this thread is inside an operation ({@link #exclusive}). */
  boolean inOperation() {
    return operation.isHeldByCurrentThread();
  }

  /** True once this process is to die: long operations stop where they are. */
  public boolean dying() {
    return killSelfPending;
  }

  /**
   * A {@code kill_client} fault hit the process that drives {@code migration}: this one (it dies
   * once the state is saved), or another, which is killed now and its migration settled at once.
   */
  public void killClientOf(MigrationSpec migration) {
    OwnerSpec owner = migration.owner;
    if (owner == null) {
      return;
    }
    if (ClientProcesses.same(owner, self)) {
      killSelfPending = true;
      return;
    }
    killer.kill(owner);
    RunningMigrations.clientGone(spec, migration);
  }

  public List<String> hostNames() {
    return List.copyOf(spec.hosts.keySet());
  }

  /** The host named {@code name}; a name the lab does not have is a usage error. */
  public LabHost host(String name) {
    HostSpec host = spec.hosts.get(name);
    if (host == null) {
      throw new LabException(
          "The lab has no host named '" + name + "'.",
          "use one of: " + String.join(", ", spec.hosts.keySet()) + ".");
    }
    return hosts.computeIfAbsent(name, n -> new LabHost(this, n));
  }

  /**
   * Reboots a host: next-boot firmware settings become current, and what does not survive a reboot
   * is gone (VFs, switchdev mode, driver bindings, temporary files). Refused while a VM runs there,
   * because a reboot would stop it.
   */
  public void reboot(String name) {
    exclusive(() -> rebootNow(name));
  }

  private void rebootNow(String name) {
    HostSpec host = hostSpec(name);
    List<String> running =
        host.vms.stream().filter(vm -> !"shut off".equals(vm.state)).map(vm -> vm.name).toList();
    if (!running.isEmpty()) {
      throw new NotReadyException(
          "Host " + name + " runs " + String.join(", ", running) + "; a reboot would stop it.",
          "migrate the VMs away or shut them down (virsh shutdown VM), then reboot the host.");
    }
    Firmware.reboot(host);
    clock.advance(BOOT_TIME);
  }

  public HostSpec hostSpec(String name) {
    host(name);
    return spec.hosts.get(name);
  }
}
