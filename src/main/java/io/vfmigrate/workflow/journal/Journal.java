package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record of what vfmigrate did: operations, their steps (written before a step runs and after
 * it ends), the claims they took and the progress samples of migrations. Written so that a process
 * killed at any instant leaves a record that {@code recover} can act on. The workflow layer owns
 * this port; the CLI wires in the SQLite implementation.
 */
public interface Journal {
  /** Records a new operation before it changes anything; returns its id. */
  String begin(OperationStart start);

  /** Records a step before it runs; returns the step's id. */
  long stepStarted(String operation, String host, String description, String command, Instant at);

  /** Records how a step ended (done, failed, undone, undo-failed). */
  void stepEnded(long step, StepState state, Instant at, String detail);

  /** A progress sample of a running migration. */
  void sample(String operation, Sample sample);

  /** A downtime limit of a running migration: QEMU's at the start, then each raise. */
  void downtimeLimit(String operation, DowntimeLimit limit);

  /** What was predicted for a migration before it started (one per operation; a later one wins). */
  void predicted(String operation, PredictionRecord prediction);

  /** A claim file this operation created on a host. */
  void claimTaken(String operation, String host, String path, Instant at);

  /** A claim file this operation removed. */
  void claimReleased(String operation, String host, String path, Instant at);

  /** Records the end of an operation; after this it is no longer unfinished. */
  void end(String operation, OperationEnd end);

  /** Past operations, newest first, filtered by VM and host when given. */
  List<OperationRecord> operations(Optional<String> vm, Optional<String> host, int limit);

  Optional<OperationRecord> operation(String id);

  /** The steps of an operation in the order they started. */
  List<StepRecord> steps(String operation);

  List<Sample> samples(String operation);

  List<ClaimRecord> claims(String operation);

  /** The downtime limits of a migration in the order they were set. */
  List<DowntimeLimit> downtimeLimits(String operation);

  /** The prediction of a migration, when one was journaled. */
  Optional<PredictionRecord> prediction(String operation);

  /** The operations that are part of {@code parent} (an evacuation's migrations), oldest first. */
  List<OperationRecord> children(String parent);

  /** Operations that began and never ended, oldest first. */
  List<OperationRecord> unfinished();
}
