package io.vfmigrate.cli;

import io.vfmigrate.host.InventoryEntry;
import io.vfmigrate.lab.state.LabSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The files the warm-up thread reads ahead for this process's command ({@link WarmUp}): the
 * inventory and the lab's state, each for the file it reads, while the main thread builds and
 * parses the command line. A command that opens the same file takes what was read instead of
 * reading and parsing it a second time (on the real lab about 0.1 s of a migrate's start, the lab's
 * state most of it). Each is taken once. A read ahead that failed, or of another file, gives
 * nothing: the command reads the file itself, and reports what is wrong with it.
 *
 * <p>A lab state read ahead is as current as any state a {@link io.vfmigrate.lab.Lab} holds between
 * operations: each operation reloads it first when another process has changed the lab since.
 */
final class ReadAhead {
  /** A read of {@code file} that the warm-up thread completes (with empty when it cannot). */
  private record Pending<T>(Path file, CompletableFuture<Optional<T>> value) {}

  private static final AtomicReference<Pending<List<InventoryEntry>>> INVENTORY =
      new AtomicReference<>();
  private static final AtomicReference<Pending<LabSpec>> LAB_STATE = new AtomicReference<>();

  private ReadAhead() {}

  /** Announces a read of the inventory {@code file}; complete it with the entries or empty. */
  static CompletableFuture<Optional<List<InventoryEntry>>> inventory(Path file) {
    return announce(INVENTORY, file);
  }

  /** Announces a read of the lab state {@code file}; complete it with the state or empty. */
  static CompletableFuture<Optional<LabSpec>> labState(Path file) {
    return announce(LAB_STATE, file);
  }

  /** The inventory {@code file} as read ahead, waiting for the read when it is under way. */
  static Optional<List<InventoryEntry>> takeInventory(Path file) {
    return take(INVENTORY, file);
  }

  /** The lab state {@code file} as read ahead, waiting for the read when it is under way. */
  static Optional<LabSpec> takeLabState(Path file) {
    return take(LAB_STATE, file);
  }

  private static <T> CompletableFuture<Optional<T>> announce(
      AtomicReference<Pending<T>> slot, Path file) {
    Pending<T> pending = new Pending<>(file, new CompletableFuture<>());
    slot.set(pending);
    return pending.value();
  }

  private static <T> Optional<T> take(AtomicReference<Pending<T>> slot, Path file) {
    Pending<T> pending = slot.getAndSet(null);
    if (pending == null || !pending.file().equals(file)) {
      return Optional.empty();
    }
    try {
      return pending.value().join();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
